import { HEAP_BUDGET_MB, heapFlagFor } from '../../src/cli/heap-budget';

describe('heap budgets of commands', () => {
  it('replay is relaunched with its budget; other commands are not', () => {
    expect(heapFlagFor(['replay', '--verify'], [], undefined)).toBe(`--max-old-space-size=${HEAP_BUDGET_MB.replay}`);
    expect(heapFlagFor(['audit', 'tenant', 'replay'], [], undefined)).toBeUndefined();
    expect(heapFlagFor(['--help'], [], undefined)).toBeUndefined();
    expect(heapFlagFor([], [], undefined)).toBeUndefined();
  });

  it('a limit the caller chose (in the node flags or NODE_OPTIONS) is kept, and the relaunched process is not relaunched again', () => {
    expect(heapFlagFor(['replay'], ['--max-old-space-size=1024'], undefined)).toBeUndefined();
    expect(heapFlagFor(['replay'], [], '--enable-source-maps --max-old-space-size=2048')).toBeUndefined();
    expect(heapFlagFor(['replay'], ['--enable-source-maps'], '--enable-source-maps')).toBe(
      `--max-old-space-size=${HEAP_BUDGET_MB.replay}`,
    );
  });
});
