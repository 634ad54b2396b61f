import type { Position } from './types';

/** A position as one sortable string (`seconds.nanos9|path`), for checkpoints and cursors. */
export function encodePosition(position: Position): string {
  return `${position.seconds}.${String(position.nanoseconds).padStart(9, '0')}|${position.path}`;
}

export function decodePosition(text: string): Position | undefined {
  const match = /^(\d+)\.(\d{9})\|(streams\/[^|]+)$/.exec(text);
  if (!match) return undefined;
  return { seconds: Number(match[1]), nanoseconds: Number(match[2]), path: match[3] as string };
}

export function comparePositions(a: Position, b: Position): number {
  return a.seconds - b.seconds || a.nanoseconds - b.nanoseconds || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
