import type { DoorbellAnswer, ProjectionDoorbell } from '../../src/projections/doorbell';
import { Arrivals } from '../support/arrivals';

/**
 * A stand-in for OUR port (not Firestore's): records every partition rung; `failWith` makes catch-ups fail,
 * `answer` is what a catch-up that does not fail says.
 */
export class RecordingDoorbell implements ProjectionDoorbell {
  readonly rung = new Arrivals<number>();
  failWith: Error | undefined;
  answer: DoorbellAnswer = { outcome: 'caught_up', events: 1 };

  async catchUp(partition: number): Promise<DoorbellAnswer> {
    this.rung.push(partition);
    if (this.failWith) throw this.failWith;
    return this.answer;
  }
}
