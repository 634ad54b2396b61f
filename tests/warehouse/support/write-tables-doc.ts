// Rewrites the generated table reference in docs/warehouse.md from the definitions:
//   npx tsx tests/warehouse/support/write-tables-doc.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES_DOC_BEGIN, TABLES_DOC_END, renderTablesMarkdown } from '../../../src/warehouse/tables/tables-markdown';

const path = join(__dirname, '..', '..', '..', 'docs', 'warehouse.md');
const current = readFileSync(path, 'utf8');
const begin = current.indexOf(TABLES_DOC_BEGIN);
const end = current.indexOf(TABLES_DOC_END);
if (begin < 0 || end < begin) throw new Error(`${path} lacks the markers ${TABLES_DOC_BEGIN} … ${TABLES_DOC_END}`);
writeFileSync(path, current.slice(0, begin) + renderTablesMarkdown() + current.slice(end + TABLES_DOC_END.length));
console.log(`Updated the table reference in ${path}`);
