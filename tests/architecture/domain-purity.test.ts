import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// The lint rule is the guard of the architecture: this checks the rule itself still fires for src/domain
// (a later flat-config block setting the same rule once silently replaced it).
const root = resolve(__dirname, '../..');
const ESLINT = resolve(root, 'node_modules/.bin/eslint');

/** The ESLint CLI, as `npm run lint` runs it (its config is ESM, which jest's module VM cannot load in-process). */
const lint = async (code: string, file: string): Promise<string[]> => {
  const run = spawnSync(ESLINT, ['--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('npm run lint keeps src/domain pure', () => {
  it('refuses I/O modules in a domain file', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n";
    const messages = await lint(code, 'src/domain/run/probe.ts');
    expect(messages).toEqual([expect.stringContaining('src/domain is pure: no I/O')]);
  });

  it('refuses an adapter or use case at any depth', async () => {
    const code =
      "import { appendEvents } from '../../eventstore/append';\nimport { x } from '../local/y';\nexport const a = [appendEvents, x];\n";
    const messages = await lint(code, 'src/domain/run/probe.ts');
    expect(messages).toHaveLength(2);
    expect(messages.every((m) => m.includes('src/domain never imports an adapter or use case'))).toBe(true);
  });

  it('still keeps src/local out of other production code', async () => {
    const messages = await lint("import { x } from '../local/y';\nexport const a = x;\n", 'src/app/probe.ts');
    expect(messages).toEqual([expect.stringContaining('Only the composition root')]);
  });
});
