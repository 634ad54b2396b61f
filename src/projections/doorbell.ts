/**
 * What the Eventarc endpoint rings: "something changed in this partition". The projector behind it reads
 * the partition itself, so a doorbell's order, repeats or absence never matter for correctness.
 */
export interface ProjectionDoorbell {
  catchUp(partition: number): Promise<DoorbellAnswer>;
}

/**
 * - `caught_up`: the partition is projected up to the event (`events` projected by this catch-up);
 * - `busy`: another instance holds the partition's lease and projects it;
 * - `ignored`: nothing to do, ever (a partition this log does not have).
 */
export type DoorbellAnswer =
  | { readonly outcome: 'caught_up'; readonly events: number }
  | { readonly outcome: 'busy' }
  | { readonly outcome: 'ignored'; readonly reason: string };
