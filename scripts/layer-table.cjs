// The layer table of docs/architecture.md ("Where each thing lives") is the one statement of which src folder may
// import which: the lint rule (scripts/eslint-architecture.cjs) and tests/architecture/layer-table.test.ts both read
// it from here, so the prose and the enforced rule cannot drift apart.
//
// The "may import" cell is a comma-separated list of folders named as in the first column without `src/` and the
// trailing slash (`domain`, `main.ts`), each optionally followed by a note in parentheses; `nothing` is the empty
// list and `everything` is every folder of the table. Text after a `;` is a note. A folder may always import itself.
'use strict';

const { readFileSync } = require('node:fs');
const { dirname, isAbsolute, relative, resolve, sep } = require('node:path');

const ROOT = resolve(__dirname, '..');
const SRC = resolve(ROOT, 'src');
const DOC = resolve(ROOT, 'docs', 'architecture.md');
const HEADER = /^\|\s*folder\s*\|\s*what\s*\|\s*may import\s*\|$/;

/** The cells of one markdown table row (`|` inside backticks does not occur in this table). */
const cellsOf = (line) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

/** `src/domain/` → `domain`; `src/main.ts` → `main.ts`. */
function folderName(cell) {
  const match = /^`src\/([^`/]+)\/?`$/.exec(cell);
  if (!match) throw new Error(`layer table: the folder cell ${JSON.stringify(cell)} is not \`src/<name>/\``);
  return match[1];
}

/** The folders a "may import" cell names, before `everything` is expanded. */
function namesOf(cell) {
  const list = cell
    .split(';')[0]
    .replace(/\([^)]*\)/g, '')
    .replace(/`/g, '');
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 1 && (names[0] === 'nothing' || names[0] === 'everything')) return names[0];
  return names;
}

/** Parses the table of `markdown` into folder → the folders it may import (itself not included). */
function parseLayerTable(markdown) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => HEADER.test(line.trim()));
  if (start < 0) throw new Error('layer table: no `| folder | what | may import |` table found');
  const raw = new Map();
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith('|')) break;
    const cells = cellsOf(line);
    if (cells.length !== 3) throw new Error(`layer table: expected 3 cells in ${JSON.stringify(line)}`);
    const folder = folderName(cells[0]);
    if (raw.has(folder)) throw new Error(`layer table: two rows for src/${folder}`);
    raw.set(folder, namesOf(cells[2]));
  }
  const folders = [...raw.keys()];
  const table = {};
  for (const [folder, names] of raw) {
    const list = names === 'everything' ? folders : names === 'nothing' ? [] : names;
    const unknown = list.filter((name) => !raw.has(name));
    if (unknown.length > 0) throw new Error(`layer table: src/${folder} names folders without a row: ${unknown}`);
    table[folder] = Object.freeze(list.filter((name) => name !== folder));
  }
  return Object.freeze(table);
}

let cached;
/** The table of docs/architecture.md, read once per process. */
function readLayerTable() {
  cached ??= parseLayerTable(readFileSync(DOC, 'utf8'));
  return cached;
}

/**
 * The table's name for the folder holding `file` (an absolute path, or relative to the repository root), or
 * undefined outside src. A file directly under src is named with its `.ts` extension, whatever the specifier said.
 */
function folderOf(file) {
  const path = relative(SRC, resolve(ROOT, file));
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return undefined;
  const [first, ...rest] = path.split(sep);
  if (rest.length > 0) return first;
  const bare = first.replace(/\.(?:[cm]?[jt]s)$/, '');
  const table = readLayerTable();
  if (bare in table) return bare;
  return `${bare}.ts` in table ? `${bare}.ts` : first;
}

/** The folder a relative import specifier of `importer` lands in (undefined: outside src, or not relative). */
function importedFolder(importer, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  return folderOf(resolve(dirname(resolve(ROOT, importer)), specifier));
}

/** Whether the table lets folder `from` import folder `to`. */
function mayImport(from, to) {
  const allowed = readLayerTable()[from];
  return from === to || (allowed !== undefined && allowed.includes(to));
}

module.exports = { ROOT, SRC, DOC, parseLayerTable, readLayerTable, folderOf, importedFolder, mayImport };
