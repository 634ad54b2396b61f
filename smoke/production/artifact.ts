import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProductionArtifact {
  /** A directory laid out as the image's /app: dist/, configs/, package*.json, production node_modules. */
  readonly dir: string;
  /** Packages `npm ci --omit=dev` installed: what the image carries. */
  readonly productionPackages: number;
}

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 300_000 });

/**
 * Builds dist/ and assembles what the Dockerfile's runtime stage assembles, in a temporary directory, with the
 * same `npm ci --omit=dev`: a start from it proves production needs no dev dependency and no TypeScript.
 */
export function assembleProductionArtifact(repoRoot: string): ProductionArtifact {
  npm(['run', 'build'], repoRoot);
  const dir = mkdtempSync(join(tmpdir(), 'convergence-smoke-'));
  for (const entry of ['package.json', 'package-lock.json', 'dist', 'configs']) {
    cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
  }
  // --prefer-offline: the packages are in npm's cache after the repository's own `npm ci`.
  npm(['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], dir);
  return { dir, productionPackages: countPackages(join(dir, 'node_modules')) };
}

/** Every installed package directory (scoped ones counted per package, nested copies included). */
function countPackages(nodeModules: string): number {
  let count = 0;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(nodeModules, entry.name);
    const packages = entry.name.startsWith('@')
      ? readdirSync(path, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(path, e.name))
      : [path];
    for (const pkg of packages) {
      if (!isPackage(pkg)) continue;
      count += 1;
      const nested = join(pkg, 'node_modules');
      if (readdirSync(pkg).includes('node_modules')) count += countPackages(nested);
    }
  }
  return count;
}

function isPackage(dir: string): boolean {
  try {
    return typeof (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'string';
  } catch {
    return false;
  }
}
