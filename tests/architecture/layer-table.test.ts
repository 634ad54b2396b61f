import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import {
  folderOf,
  importedFolder,
  mayImport,
  parseLayerTable,
  readLayerTable,
  ROOT,
  SRC,
} from '../../scripts/layer-table.cjs';

// docs/architecture.md's layer table is what the lint rule enforces; this holds the table to the code as it is, so
// an import the table does not allow, or a folder it does not describe, fails here even if the rule were off.

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every import, export-from, dynamic import and require of a file, type-only ones included. */
const importsOf = (file: string): string[] =>
  ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((imported) => imported.fileName);

const files = typeScriptFiles(SRC);
const table = readLayerTable();

describe("docs/architecture.md's layer table", () => {
  it('has a row for every folder (and top-level file) of src, and no row for one that is gone', () => {
    const present = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || entry.name.endsWith('.ts'))
      .map((entry) => entry.name)
      .sort();
    expect(Object.keys(table).sort()).toEqual(present);
  });

  it("allows every relative import of every src file by the importing folder's row", () => {
    const refused = files.flatMap((file) => {
      const from = folderOf(file) as string;
      return importsOf(file)
        .map((specifier) => ({ specifier, to: importedFolder(file, specifier) }))
        .filter(({ to }) => to !== undefined && !mayImport(from, to))
        .map(({ specifier, to }) => `${relative(ROOT, file)} imports ${specifier} (src/${to}; src/${from} may not)`);
    });
    expect(files.length).toBeGreaterThan(100);
    expect(refused).toEqual([]);
  });

  it('sees every relative import land inside src (none escapes the table)', () => {
    const outside = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('.') && importedFolder(file, specifier) === undefined)
        .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
    );
    expect(outside).toEqual([]);
  });

  it('reads cells as folder lists: notes, `nothing` and `everything`', () => {
    const markdown = [
      'Intro text.',
      '',
      '| folder | what | may import |',
      '|---|---|---|',
      '| `src/a/` | pure | nothing; notes after a semicolon |',
      '| `src/b/` | one | a (a note, with a comma), `c` |',
      '| `src/c/` | root | everything |',
      '| `src/main.ts` | the service | c |',
      '',
      '| other | table |',
    ].join('\n');
    expect(parseLayerTable(markdown)).toEqual({ a: [], b: ['a', 'c'], c: ['a', 'b', 'main.ts'], 'main.ts': ['c'] });
    expect(() => parseLayerTable(markdown.replace('a (a note', 'z (a note'))).toThrow(/names folders without a row: z/);
  });
});
