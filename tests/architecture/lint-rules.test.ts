import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

// The lint rule is the guard of the architecture, so this checks the rule itself still fires: a flat-config block
// setting the same rule once silently replaced the domain's, and a file breaking it passed `npm run lint`.
const root = resolve(__dirname, '../..');
const ESLINT = resolve(root, 'node_modules/.bin/eslint');

interface Linted {
  /** The CLI's exit status: 1 when it found an error, which fails `npm run lint`. */
  readonly status: number | null;
  readonly messages: readonly { readonly ruleId: string | null; readonly message: string }[];
}

/** The ESLint CLI on one file given on stdin, as `npm run lint` runs it (its ESM config cannot load in jest's VM). */
function lint(file: string, code: string): Promise<Linted> {
  return new Promise((done, fail) => {
    const child = spawn(ESLINT, ['--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (status) => {
      try {
        const [result] = JSON.parse(stdout) as { messages: Linted['messages'] }[];
        done({ status, messages: result?.messages ?? [] });
      } catch {
        fail(new Error(`eslint exited ${status} without a JSON report: ${stderr}`));
      }
    });
    child.stdin.end(code);
  });
}

const lines = (...code: string[]): string => `${code.join('\n')}\n`;

// One ESLint process per case costs seconds, so every case starts at once and each `it` reads its own result.
const cases = {
  domainImportsIo: lint(
    'src/domain/run/probe.ts',
    lines(
      "import { readFileSync } from 'node:fs';",
      "import { Firestore } from '@google-cloud/firestore';",
      "import { appendEvents } from '../../eventstore/append';",
      'export const probe = [readFileSync, Firestore, appendEvents];',
    ),
  ),
  adapterImportsAdapter: lint(
    'src/dispatch/probe.ts',
    lines("import { centralTables } from '../warehouse/tables';", 'export const probe = centralTables;'),
  ),
  productionImportsLocal: lint(
    'src/app/probe.ts',
    lines("import { startLocalStack } from '../local/stack';", 'export const probe = startLocalStack;'),
  ),
  folderWithoutRow: lint('src/newlayer/probe.ts', lines('export const probe = 1;')),
  clean: lint(
    'src/domain/run/probe.ts',
    lines(
      "import * as t from 'io-ts';",
      "import { mapWithConcurrency } from '../../shared/map-with-concurrency';",
      "import { partitionOf } from '../partition';",
      "import { RUN_ID_PATTERN } from './ids';",
      'export const probe = [t.string, mapWithConcurrency, partitionOf, RUN_ID_PATTERN];',
    ),
  ),
};
// A case nobody awaited yet must not become an unhandled rejection while an earlier `it` runs.
Object.values(cases).forEach((linted) => linted.catch(() => undefined));

const layerMessages = (linted: Linted): string[] =>
  linted.messages.filter((m) => m.ruleId === 'architecture/layers').map((m) => m.message);

describe('npm run lint enforces the layer table of docs/architecture.md', () => {
  it('keeps src/domain free of I/O modules and adapters', async () => {
    const linted = await cases.domainImportsIo;
    expect(layerMessages(linted)).toEqual([
      "src/domain is pure: no I/O ('node:fs').",
      "src/domain is pure: no I/O ('@google-cloud/firestore').",
      expect.stringContaining('src/domain may not import src/eventstore'),
    ]);
    expect(linted.status).toBe(1);
  });

  it('refuses an adapter importing another adapter', async () => {
    const linted = await cases.adapterImportsAdapter;
    expect(layerMessages(linted)).toEqual([expect.stringContaining('src/dispatch may not import src/warehouse')]);
    expect(linted.status).toBe(1);
  });

  it('keeps src/local out of production code: only the composition root reaches it', async () => {
    const linted = await cases.productionImportsLocal;
    expect(layerMessages(linted)).toEqual([
      'Only src/runtime, src/cli, src/main.ts reach src/local (the composition root): src/app may not.',
    ]);
    expect(linted.status).toBe(1);
  });

  it('refuses a src folder the table has no row for', async () => {
    const linted = await cases.folderWithoutRow;
    expect(layerMessages(linted)).toEqual(["src/newlayer has no row in docs/architecture.md's layer table."]);
    expect(linted.status).toBe(1);
  });

  it('passes a domain file importing only what its row allows', async () => {
    const linted = await cases.clean;
    expect(linted.messages).toEqual([]);
    expect(linted.status).toBe(0);
  });
});
