import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the Firestore emulator jar may be, in the order we try them. */
export interface JarSearch {
  readonly explicit?: string;
  readonly sdkRoots: readonly string[];
  readonly firebaseCacheDir: string;
}

export const JAR_ENV_VAR = 'CONVERGENCE_FIRESTORE_EMULATOR_JAR';
const GCLOUD_COMPONENT = join('platform', 'cloud-firestore-emulator', 'cloud-firestore-emulator.jar');

export function defaultJarSearch(env: NodeJS.ProcessEnv = process.env): JarSearch {
  return {
    explicit: env[JAR_ENV_VAR] || undefined,
    sdkRoots: [
      gcloudSdkRoot(),
      '/usr/lib/google-cloud-sdk',
      '/usr/share/google-cloud-sdk',
      join(homedir(), 'google-cloud-sdk'),
    ].filter((root): root is string => Boolean(root)),
    firebaseCacheDir: join(homedir(), '.cache', 'firebase', 'emulators'),
  };
}

/** Returns the first jar found, or the list of places looked at (for the error message). */
export function findEmulatorJar(search: JarSearch): { found: string } | { lookedAt: string[] } {
  const lookedAt: string[] = [];
  if (search.explicit) {
    if (existsSync(search.explicit)) return { found: search.explicit };
    lookedAt.push(`${search.explicit} (from ${JAR_ENV_VAR})`);
  }
  for (const root of search.sdkRoots) {
    const candidate = join(root, GCLOUD_COMPONENT);
    if (existsSync(candidate)) return { found: candidate };
    lookedAt.push(candidate);
  }
  const cached = newestFirebaseJar(search.firebaseCacheDir);
  if (cached) return { found: cached };
  lookedAt.push(join(search.firebaseCacheDir, 'cloud-firestore-emulator-v*.jar'));
  return { lookedAt };
}

function newestFirebaseJar(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const jars = readdirSync(dir)
    .filter((name) => /^cloud-firestore-emulator-v[\d.]+\.jar$/.test(name))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const newest = jars[jars.length - 1];
  return newest ? join(dir, newest) : undefined;
}

function gcloudSdkRoot(): string | undefined {
  try {
    const root = execFileSync('gcloud', ['info', '--format=value(installation.sdk_root)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 15_000,
    }).trim();
    return root || undefined;
  } catch {
    return undefined;
  }
}
