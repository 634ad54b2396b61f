import type { RawStep } from '../model/pipeline-codec';
import type { FieldIssue } from '../model/report-errors';

const BLOCKS = ['source', 'destination', 'dq_config', 'webhook'] as const;
type Block = (typeof BLOCKS)[number];

/** A check that refuses configuration blocks a kind would silently ignore. */
export const onlyBlocks =
  (allowed: readonly Block[]) =>
  (step: RawStep): readonly FieldIssue[] =>
    BLOCKS.filter((b) => !allowed.includes(b) && step[b] !== undefined).map((b) => ({
      path: [b],
      message: `${step.ps_type} does not use ${b}`,
    }));
