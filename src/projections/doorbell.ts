/**
 * What the Eventarc endpoint rings: "something changed in this partition". The projector behind it reads
 * the partition itself, so a doorbell's order, repeats or absence never matter for correctness.
 */
export interface ProjectionDoorbell {
  catchUp(partition: number): Promise<void>;
}
