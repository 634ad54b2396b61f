import { findCycle, graphIssues, graphLevels } from '../../src/pipelines/graph/levels';
import { backoffDelayMs } from '../../src/pipelines/executor/backoff';

const node = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

describe('step graph (pure)', () => {
  it('levels keep declaration order within a level', () => {
    expect(
      graphLevels([node('load'), node('b', 'load'), node('a', 'load'), node('z'), node('end', 'a', 'b', 'z')]),
    ).toEqual([['load', 'z'], ['b', 'a'], ['end']]);
  });

  it('reports duplicates, missing and self dependencies, and one cycle as a closed path', () => {
    expect(graphIssues([node('a', 'c'), node('b', 'a', 'ghost'), node('c', 'b'), node('a'), node('d', 'd')])).toEqual([
      { code: 'DUPLICATE_STEP_ID', index: 3, stepId: 'a' },
      { code: 'MISSING_DEPENDENCY', index: 1, stepId: 'b', dependency: 'ghost' },
      { code: 'SELF_DEPENDENCY', index: 4, stepId: 'd' },
      { code: 'CYCLE', cycle: ['a', 'c', 'b', 'a'] },
    ]);
    expect(findCycle([node('a'), node('b', 'a')])).toBeUndefined();
    expect(() => graphLevels([node('a', 'b'), node('b', 'a')])).toThrow(/cycle/);
  });

  it('backoff grows exponentially and is capped', () => {
    const policy = { initial_seconds: 5, multiplier: 2, max_seconds: 30 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy))).toEqual([5000, 10000, 20000, 30000, 30000]);
    expect(backoffDelayMs(3, { initial_seconds: 1.5, multiplier: 1, max_seconds: 60 })).toBe(1500);
  });
});
