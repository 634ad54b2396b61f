/**
 * Finds pipeline files: `configs/{provider}/{domain}/{name}.yml` for templates, `configs/setup/…` for the
 * setup pipelines. Every path segment must match a strict pattern (no `..`, slashes or dots), and the
 * resolved real path must stay inside the configs directory, so a request parameter can never read another
 * file.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either';
import type { LoadIssue } from '../errors';
import { parsePipeline } from '../model/load-pipeline';
import type { PipelineDefinition } from '../model/pipeline';
import type { ValidationEnv } from '../model/validate-pipeline';

export interface PipelineRef {
  readonly provider: string;
  readonly domain: string;
  readonly name: string;
}

export const SEGMENT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The setup pipelines, by role. */
export const SETUP_PIPELINES = {
  bootstrap: ['setup', 'bootstrap_system.yml'],
  onboarding: ['setup', 'tenants', 'onboarding.yml'],
  dryrun: ['setup', 'dryrun', 'dryrun.yml'],
} as const;
export type SetupPipeline = keyof typeof SETUP_PIPELINES;

const MAX_FILE_BYTES = 1024 * 1024;

export interface PipelineCatalog {
  load(ref: PipelineRef): Promise<E.Either<readonly LoadIssue[], PipelineDefinition>>;
  loadSetup(which: SetupPipeline): Promise<E.Either<readonly LoadIssue[], PipelineDefinition>>;
  /** Every template (setup excluded), sorted. */
  list(): Promise<readonly PipelineRef[]>;
}

export interface CatalogOptions {
  /** Absolute path of the configs directory. */
  readonly root: string;
  /** How files are named in messages (default `configs`). */
  readonly displayRoot?: string;
  readonly env: ValidationEnv;
}

export function templateSegments(ref: PipelineRef): E.Either<LoadIssue, readonly string[]> {
  for (const [field, value] of Object.entries(ref)) {
    if (typeof value !== 'string' || !SEGMENT_PATTERN.test(value) || value === 'setup') {
      return E.left({
        code: 'INVALID_PATH',
        file: String(value),
        path: [field],
        message: `invalid ${field} ${JSON.stringify(value)} (expected ${SEGMENT_PATTERN}, not "setup")`,
      });
    }
  }
  return E.right([ref.provider, ref.domain, `${ref.name}.yml`]);
}

type Loaded = E.Either<readonly LoadIssue[], PipelineDefinition>;

export function createPipelineCatalog(options: CatalogOptions): PipelineCatalog {
  const displayRoot = options.displayRoot ?? 'configs';
  // Every execution loads its pipeline: a file unchanged since it was parsed (same modification time and size)
  // is not read and validated again. An edited file is seen at its next load.
  const parsed = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly result: Loaded }>();

  const loadSegments = async (segments: readonly string[]): Promise<Loaded> => {
    const display = [displayRoot, ...segments].join('/');
    const notFound = (message: string): E.Either<readonly LoadIssue[], never> =>
      E.left([{ code: 'FILE_NOT_FOUND', file: display, path: [], message }]);
    let file: string;
    let version: { mtimeMs: number; size: number };
    try {
      const root = await realpath(options.root);
      file = await realpath(path.join(root, ...segments));
      if (!file.startsWith(root + path.sep))
        return E.left([
          { code: 'INVALID_PATH', file: display, path: [], message: 'resolves outside the configs directory' },
        ]);
      const info = await stat(file);
      if (!info.isFile() || info.size > MAX_FILE_BYTES)
        return notFound(`not a pipeline file (or larger than ${MAX_FILE_BYTES} bytes)`);
      version = { mtimeMs: info.mtimeMs, size: info.size };
    } catch {
      return notFound('no such pipeline');
    }
    const key = `${file}\u0000${display}`;
    const cached = parsed.get(key);
    if (cached && cached.mtimeMs === version.mtimeMs && cached.size === version.size) return cached.result;
    const result = parsePipeline(await readFile(file, 'utf8'), display, options.env);
    parsed.set(key, { ...version, result });
    return result;
  };

  return {
    load: async (ref) => {
      const segments = templateSegments(ref);
      return E.isLeft(segments) ? E.left([segments.left]) : loadSegments(segments.right);
    },
    loadSetup: (which) => loadSegments(SETUP_PIPELINES[which]),
    list: async () => {
      const refs: PipelineRef[] = [];
      const dirs = async (dir: string): Promise<string[]> =>
        (await readdir(dir, { withFileTypes: true }).catch(() => []))
          .filter((d) => d.isDirectory() && SEGMENT_PATTERN.test(d.name))
          .map((d) => d.name);
      for (const provider of await dirs(options.root)) {
        if (provider === 'setup') continue;
        for (const domain of await dirs(path.join(options.root, provider))) {
          const files = await readdir(path.join(options.root, provider, domain));
          for (const f of files) {
            const name = f.replace(/\.yml$/, '');
            if (f.endsWith('.yml') && SEGMENT_PATTERN.test(name)) refs.push({ provider, domain, name });
          }
        }
      }
      return refs.sort((a, b) =>
        `${a.provider}/${a.domain}/${a.name}`.localeCompare(`${b.provider}/${b.domain}/${b.name}`),
      );
    },
  };
}
