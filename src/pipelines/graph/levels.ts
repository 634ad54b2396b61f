/**
 * Pure dependency-graph logic for pipeline steps: duplicate ids, missing dependencies, cycles, and the
 * topological levels the executor runs one after another (steps of one level are independent).
 */

export interface GraphNode {
  readonly id: string;
  readonly dependsOn: readonly string[];
}

export type GraphIssue =
  | { readonly code: 'DUPLICATE_STEP_ID'; readonly index: number; readonly stepId: string }
  | {
      readonly code: 'MISSING_DEPENDENCY';
      readonly index: number;
      readonly stepId: string;
      readonly dependency: string;
    }
  | { readonly code: 'SELF_DEPENDENCY'; readonly index: number; readonly stepId: string }
  | { readonly code: 'CYCLE'; readonly cycle: readonly string[] };

/** Every structural problem of the graph, in a stable order (so load errors are reproducible). */
export function graphIssues(nodes: readonly GraphNode[]): readonly GraphIssue[] {
  const issues: GraphIssue[] = [];
  const seen = new Set<string>();
  nodes.forEach((node, index) => {
    if (seen.has(node.id)) issues.push({ code: 'DUPLICATE_STEP_ID', index, stepId: node.id });
    seen.add(node.id);
  });
  nodes.forEach((node, index) => {
    for (const dependency of node.dependsOn) {
      if (dependency === node.id) issues.push({ code: 'SELF_DEPENDENCY', index, stepId: node.id });
      else if (!seen.has(dependency)) issues.push({ code: 'MISSING_DEPENDENCY', index, stepId: node.id, dependency });
    }
  });
  const cycle = findCycle(nodes);
  if (cycle) issues.push({ code: 'CYCLE', cycle });
  return issues;
}

/**
 * One cycle (as a closed path `a → b → a`), or undefined. Depth-first search with colours; edges to unknown
 * or self ids are ignored here because graphIssues reports them separately.
 */
export function findCycle(nodes: readonly GraphNode[]): readonly string[] | undefined {
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) if (!byId.has(n.id)) byId.set(n.id, n); // a duplicate id is reported elsewhere
  const colour = new Map<string, 'grey' | 'black'>();
  const stack: string[] = [];

  const visit = (id: string): readonly string[] | undefined => {
    colour.set(id, 'grey');
    stack.push(id);
    for (const next of byId.get(id)?.dependsOn ?? []) {
      if (next === id || !byId.has(next)) continue;
      const c = colour.get(next);
      if (c === 'grey') return [...stack.slice(stack.indexOf(next)), next];
      if (c === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    colour.set(id, 'black');
    return undefined;
  };

  for (const node of nodes) {
    if (colour.has(node.id)) continue;
    const found = visit(node.id);
    if (found) return found;
  }
  return undefined;
}

/**
 * Topological levels (Kahn): level 0 holds the steps without dependencies, level n the steps whose
 * dependencies all sit in levels < n. Within a level the declaration order is kept. Precondition: the graph
 * has no issues (the loader refuses pipelines that do).
 */
export function graphLevels(nodes: readonly GraphNode[]): readonly (readonly string[])[] {
  const levelOf = new Map<string, number>();
  const levels: string[][] = [];
  let remaining = [...nodes];
  while (remaining.length > 0) {
    const ready = remaining.filter((n) => n.dependsOn.every((d) => levelOf.has(d)));
    if (ready.length === 0) throw new Error(`graphLevels: cycle among ${remaining.map((n) => n.id).join(', ')}`);
    const level = levels.length;
    for (const n of ready) levelOf.set(n.id, level);
    levels.push(ready.map((n) => n.id));
    remaining = remaining.filter((n) => !levelOf.has(n.id));
  }
  return levels;
}
