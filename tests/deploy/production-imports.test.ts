import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import packageJson from '../../package.json';

// What `node dist/main.js` loads before it knows its mode: the static imports reachable from src/main.ts.
// The `require`s of src/runtime/load-local.ts are the local-mode doors and are deliberately not followed.
const root = resolve(__dirname, '../..');

function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    const isImport = ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly;
    const isExport = ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier;
    if (!isImport && !isExport) continue;
    const specifier = (statement as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
    if (specifier && ts.isStringLiteral(specifier)) specifiers.push(specifier.text);
  }
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  const candidate = [`${base}.ts`, join(base, 'index.ts')].find((path) => existsSync(path));
  if (!candidate) throw new Error(`${relative(root, from)}: cannot resolve ${specifier}`);
  return candidate;
}

function productionGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) pending.push(resolveLocal(file, specifier));
      else
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  }
  return { files, packages };
}

const graph = productionGraph(join(root, 'src', 'main.ts'));
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

describe('a production start', () => {
  it('loads nothing from src/local/', () => {
    const local = [...graph.files].map((file) => relative(root, file)).filter((file) => file.startsWith('src/local/'));
    expect(local).toEqual([]);
  });

  it('imports only packages that are production dependencies', () => {
    const external = [...graph.packages].filter((name) => !builtins.has(name));
    const missing = external.filter((name) => !(name in packageJson.dependencies));
    expect(missing).toEqual([]);
  });

  it("does not ship the stand-ins' libraries as production dependencies", () => {
    const localOnly = ['@duckdb/node-api', 'sql-parser-cst', 'tsx', '@grpc/proto-loader'];
    expect(localOnly.filter((name) => name in packageJson.dependencies)).toEqual([]);
    expect(localOnly.filter((name) => !(name in packageJson.devDependencies))).toEqual([]);
  });
});
