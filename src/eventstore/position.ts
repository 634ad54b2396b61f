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

/** Firestore's order: commit time, then the document name segment by segment (`run-a/…` before `run-a.b/…`). */
export function comparePositions(a: Position, b: Position): number {
  return (
    a.seconds - b.seconds || a.nanoseconds - b.nanoseconds || compareSegments(a.path.split('/'), b.path.split('/'))
  );
}

function compareSegments(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const [x, y] = [a[i] as string, b[i] as string];
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
