import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

/**
 * While `npm start` runs, it says where its emulator and warehouse endpoint listen, so the CLI attaches to
 * them (the DuckDB file admits one process) instead of starting its own.
 */
const LocalStack = t.type({ pid: t.number, firestoreEmulatorHost: t.string, bigqueryUrl: t.string, cloudTasksAddress: t.string, serviceUrl: t.string });
export type LocalStack = t.TypeOf<typeof LocalStack>;

const fileOf = (dataDir: string) => join(dataDir, 'local-stack.json');

export function writeLocalStack(dataDir: string, stack: LocalStack): void {
  writeFileSync(fileOf(dataDir), `${JSON.stringify(stack, null, 2)}\n`);
}

export function removeLocalStack(dataDir: string): void {
  rmSync(fileOf(dataDir), { force: true });
}

/** The running local stack, if its process is alive; a stale file is ignored. */
export function runningLocalStack(dataDir: string): LocalStack | undefined {
  const file = fileOf(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const decoded = LocalStack.decode(JSON.parse(readFileSync(file, 'utf8')));
    if (E.isLeft(decoded)) return undefined;
    process.kill(decoded.right.pid, 0);
    return decoded.right;
  } catch {
    return undefined;
  }
}
