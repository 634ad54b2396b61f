/** `streams/{streamId}/events/{revision}`, the revision zero-padded so document order is revision order. */
export const STREAMS = 'streams';
export const EVENTS = 'events';
const REVISION_DIGITS = 10;
export const MAX_REVISION = 10 ** REVISION_DIGITS - 1;

export function revisionId(revision: number): string {
  return String(revision).padStart(REVISION_DIGITS, '0');
}

export function eventsPath(streamId: string): string {
  return `${STREAMS}/${streamId}/${EVENTS}`;
}

export function eventPath(streamId: string, revision: number): string {
  return `${eventsPath(streamId)}/${revisionId(revision)}`;
}

/** The event documents' path pattern, as Eventarc's `document` filter and the emulator's trigger take it. */
export const EVENT_DOCUMENT_PATTERN = `${STREAMS}/{streamId}/${EVENTS}/{revision}`;
