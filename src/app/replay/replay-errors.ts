/** A replay by that id is still running (here or, by its recent record, on another instance). */
export class ReplayRunning extends Error {
  readonly code = 'REPLAY_RUNNING';
  constructor(readonly replayId: string) {
    super(`Replay ${replayId} is still running; follow it with GET /api/v1/admin/replay/${replayId}`);
    this.name = 'ReplayRunning';
  }
}

export class ReplayNotFound extends Error {
  readonly code = 'REPLAY_NOT_FOUND';
  constructor(readonly replayId: string) {
    super(`No replay ${replayId}`);
    this.name = 'ReplayNotFound';
  }
}

export class InvalidReplayId extends Error {
  readonly code = 'INVALID_COMMAND';
  constructor(replayId: string) {
    super(
      `replay_id must be 1–63 characters of a-z, 0-9, "_" and "-", starting with a letter or digit; got ${JSON.stringify(replayId.slice(0, 80))}`,
    );
    this.name = 'InvalidReplayId';
  }
}
