// Rewrites the generated view reference in docs/warehouse.md from the view definitions:
//   npx tsx tests/views/support/write-views-doc.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS_DOC_BEGIN, VIEWS_DOC_END, renderViewsMarkdown } from '../../../src/warehouse/views/views-markdown';

const path = join(__dirname, '..', '..', '..', 'docs', 'warehouse.md');
const current = readFileSync(path, 'utf8');
const begin = current.indexOf(VIEWS_DOC_BEGIN);
const end = current.indexOf(VIEWS_DOC_END);
if (begin < 0 || end < begin) throw new Error(`${path} lacks the markers ${VIEWS_DOC_BEGIN} … ${VIEWS_DOC_END}`);
writeFileSync(path, current.slice(0, begin) + renderViewsMarkdown() + current.slice(end + VIEWS_DOC_END.length));
console.log(`Updated the view reference in ${path}`);
