import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

/**
 * While `npm start` runs, it says where its emulator and warehouse endpoint listen, so the CLI attaches to
 * them (the DuckDB file admits one process) instead of starting its own.
 */
const LocalStack = t.type({
  pid: t.number,
  firestoreEmulatorHost: t.string,
  bigqueryUrl: t.string,
  cloudTasksAddress: t.string,
  serviceUrl: t.string,
});
export type LocalStack = t.TypeOf<typeof LocalStack>;

export const LOCAL_STACK_FILE = 'local-stack.json';

const fileOf = (dataDir: string) => join(dataDir, LOCAL_STACK_FILE);

export function writeLocalStack(dataDir: string, stack: LocalStack): void {
  // It names the local service URL and ports: owner-only like the rest of the data directory (the mode option
  // applies only when the file is created, hence the chmod).
  writeFileSync(fileOf(dataDir), `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  chmodSync(fileOf(dataDir), 0o600);
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
