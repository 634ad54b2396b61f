/**
 * A recovery found the run no longer in the state it was examined in (another sweep, a worker or a user got
 * there first): the sweep leaves it alone. Internal to process-queue, never answered to a caller.
 */
export class RunMovedOn extends Error {
  readonly code = 'RUN_MOVED_ON';
  constructor(readonly runId: string) {
    super(`Run ${runId} changed since it was examined`);
    this.name = 'RunMovedOn';
  }
}
