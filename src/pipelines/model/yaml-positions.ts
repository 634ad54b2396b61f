/**
 * Finds the line of a field path in a parsed YAML document, so load errors can say
 * `file:12: steps[1].destination.write_mode: …`. A missing field points at its parent mapping.
 */
import { isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import type { FieldPath } from './report-errors';

function child(node: Node, segment: string | number): Node | undefined {
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return isNode(item) ? item : undefined;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) {
        if (isNode(pair.value)) return pair.value;
        return isNode(pair.key) ? pair.key : undefined;
      }
    }
  }
  return undefined;
}

/** 1-based line of the deepest node on `path` that exists, or undefined for an empty document. */
export function lineOf(doc: Document, counter: LineCounter, path: FieldPath): number | undefined {
  let node: Node | undefined = isNode(doc.contents) ? doc.contents : undefined;
  let found = node;
  for (const segment of path) {
    if (!node) break;
    node = child(node, segment);
    if (node) found = node;
  }
  const offset = found?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}
