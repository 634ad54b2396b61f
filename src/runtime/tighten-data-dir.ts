import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Owner-only: the data directory holds the generated secrets and the local warehouse. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The local warehouse's DuckDB file and its write-ahead log, in the data directory. */
export const LOCAL_WAREHOUSE_FILES = ['warehouse.duckdb', 'warehouse.duckdb.wal'] as const;

/** Any permission bit for the group or others. */
const SHARED_BITS = 0o077;

/** Says that a path's permissions were tightened (the path and the modes only, never its content). */
export interface PermissionFix {
  readonly path: string;
  readonly was: string;
  readonly now: string;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/**
 * Fixes rather than refuses: a loose mode is what `git clone` or an older release leaves behind, and the owner
 * who runs the service is the one who may tighten it. The fix is reported so the start can warn about it.
 */
function tighten(path: string, mode: number): PermissionFix | undefined {
  const was = statSync(path).mode;
  if ((was & SHARED_BITS) === 0) return undefined;
  chmodSync(path, mode);
  return { path, was: octal(was), now: octal(mode) };
}

/**
 * Creates the data directory owner-only (0700), or tightens an existing one, and tightens each named file in it
 * that exists to owner read/write (0600). Returns what it had to fix, for the start to warn about.
 */
export function tightenDataDir(dir: string, fileNames: readonly string[]): PermissionFix[] {
  const fixes: (PermissionFix | undefined)[] = [];
  if (existsSync(dir)) fixes.push(tighten(dir, PRIVATE_DIR_MODE));
  else {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    // mkdir's mode passes through the umask, which may only remove bits; chmod states it exactly.
    chmodSync(dir, PRIVATE_DIR_MODE);
  }
  for (const name of fileNames) {
    const file = join(dir, name);
    if (existsSync(file)) fixes.push(tighten(file, PRIVATE_FILE_MODE));
  }
  return fixes.filter((fix): fix is PermissionFix => fix !== undefined);
}
