import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StepKind } from '../../src/pipelines';

/** A bench-only step kind that does nothing, so the bench measures scheduling and dispatch rather than DuckDB. */
export const noopKind: StepKind = {
  psType: 'bench.noop',
  check: () => [],
  run: async () => ({ details: { noop: true } }),
};

export const BENCH_PROVIDER = 'bench';
export const BENCH_DOMAIN = 'trigger';
/** Two pipelines, so each tenant has two distinct due pipelines (as in production, not one pipeline twice). */
export const BENCH_TEMPLATES = ['noop_a', 'noop_b'] as const;

const pipelineYaml = (id: string) => `pipeline_id: ${id}
version: 1
description: Bench-only pipeline with one step that does nothing.
timeout_minutes: 5
steps:
  - step_id: nothing
    name: Does nothing
    ps_type: bench.noop
`;

/** A temporary copy of configs/ with the bench pipelines added; returns its root and how to remove it. */
export function benchConfigs(): { root: string; remove(): void } {
  const shipped = path.resolve(__dirname, '../../configs');
  const root = mkdtempSync(path.join(tmpdir(), 'convergence-bench-configs-'));
  cpSync(shipped, root, { recursive: true });
  const dir = path.join(root, BENCH_PROVIDER, BENCH_DOMAIN);
  mkdirSync(dir, { recursive: true });
  for (const template of BENCH_TEMPLATES) writeFileSync(path.join(dir, `${template}.yml`), pipelineYaml(template));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
