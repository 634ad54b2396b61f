import type { ProjectionDoorbell } from '../../src/projections/doorbell';
import { Arrivals } from '../support/arrivals';

/** A stand-in for OUR port (not Firestore's): records every partition rung; `failWith` makes catch-ups fail. */
export class RecordingDoorbell implements ProjectionDoorbell {
  readonly rung = new Arrivals<number>();
  failWith: Error | undefined;

  async catchUp(partition: number): Promise<void> {
    this.rung.push(partition);
    if (this.failWith) throw this.failWith;
  }
}
