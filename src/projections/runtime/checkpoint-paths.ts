import type { ProjectionSet } from '../projection-set';

/** Checkpoints and dead letters live beside the log, never under `streams/` (only the event store writes there). */
export const checkpointPath = (set: ProjectionSet, partition: number): string =>
  `projections/${set.setId}/partitions/${String(partition).padStart(4, '0')}`;

export const checkpointsCollection = (set: ProjectionSet): string => `projections/${set.setId}/partitions`;

export const deadLettersCollection = (set: ProjectionSet): string => `projections/${set.setId}/dead_letters`;

/** One dead letter per event document: the path made into a document id. */
export const deadLetterPath = (set: ProjectionSet, eventPath: string): string =>
  `${deadLettersCollection(set)}/${eventPath.replace(/\//g, '~')}`;
