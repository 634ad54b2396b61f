import type { Node } from 'sql-parser-cst';
import type { Emitter } from './emitter';
import { quoteIdentifier } from './sql-text';
import { refuse } from './untranslatable';

type NodeOf<T extends Node['type']> = Extract<Node, { type: T }>;

/** `OVER (PARTITION BY … ORDER BY … ROWS …)` and `OVER w`: the same grammar in both dialects. */
export function emitOver(node: Node, e: Emitter): string {
  if (node.type !== 'over_arg') return refuse(`window ${node.type}`);
  const window = node.window;
  if (window.type === 'identifier') return `OVER ${quoteIdentifier(window.name)}`;
  return `OVER (${emitWindowDefinition(window.expr, e)})`;
}

export function emitWindowDefinition(node: NodeOf<'window_definition'>, e: Emitter): string {
  const parts: string[] = [];
  if (node.baseWindowName) parts.push(quoteIdentifier(node.baseWindowName.name));
  if (node.partitionBy)
    parts.push(`PARTITION BY ${node.partitionBy.specifications.items.map((s) => e.emit(s)).join(', ')}`);
  if (node.orderBy) parts.push(e.emit(node.orderBy));
  if (node.frame) parts.push(emitFrame(node.frame, e));
  return parts.join(' ');
}

function emitFrame(frame: NodeOf<'frame_clause'>, e: Emitter): string {
  if (frame.exclusion) return refuse('window frame EXCLUDE');
  const extent =
    frame.extent.type === 'frame_between'
      ? `BETWEEN ${emitBound(frame.extent.begin, e)} AND ${emitBound(frame.extent.end, e)}`
      : emitBound(frame.extent, e);
  return `${frame.unitKw.name} ${extent}`;
}

function emitBound(
  bound: NodeOf<'frame_bound_current_row' | 'frame_bound_preceding' | 'frame_bound_following'>,
  e: Emitter,
): string {
  if (bound.type === 'frame_bound_current_row') return 'CURRENT ROW';
  const amount = bound.expr.type === 'frame_unbounded' ? 'UNBOUNDED' : e.emit(bound.expr);
  return `${amount} ${bound.type === 'frame_bound_preceding' ? 'PRECEDING' : 'FOLLOWING'}`;
}

export function emitNamedWindow(node: NodeOf<'named_window'>, e: Emitter): string {
  return `${quoteIdentifier(node.name.name)} AS (${emitWindowDefinition(node.window.expr, e)})`;
}
