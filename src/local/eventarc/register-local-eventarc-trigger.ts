import { EVENT_DOCUMENT_PATTERN } from '../../eventstore/layout';
/** The CloudEvent type the service's projections listen to: an event document was created. */
export const DOCUMENT_CREATED = 'google.cloud.firestore.document.v1.created';
/** Where the event store writes events (docs/eventstore.md). */
export const EVENT_DOCUMENTS = EVENT_DOCUMENT_PATTERN;
export const DEFAULT_TRIGGER_ID = 'convergence-projections';

export interface LocalEventarcTrigger {
  /** `host:port` of the Firestore emulator (FIRESTORE_EMULATOR_HOST). */
  readonly emulatorHost: string;
  readonly projectId: string;
  /** Names the trigger; it is also the last segment of the path the emulator POSTs to. Registering it again is harmless. */
  readonly triggerId?: string;
  readonly eventType?: string;
  /** A document path pattern relative to the database (`{wildcards}` match one segment). */
  readonly documentPattern?: string;
  readonly database?: string;
  readonly timeoutMs?: number;
}

export class LocalEventarcTriggerFailed extends Error {
  readonly code = 'EVENTARC_TRIGGER_REGISTRATION_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'LocalEventarcTriggerFailed';
  }
}

/**
 * Registers an Eventarc trigger with the Firestore emulator's own event hook, the call firebase-tools makes for a
 * v2 (CloudEvent) Firestore function: `POST /emulator/v1/projects/{p}/eventarcTrigger?eventarcTriggerId=…` with
 * `{eventType, database, namespace, document: {value, matchType}}`. From then on, every matching write in that
 * project is POSTed to the host given as the emulator's `--functions_emulator`, at
 * `/functions/projects/{p}/triggers/{triggerId}`. Triggers outlive the emulator's database reset.
 */
export async function registerLocalEventarcTrigger(trigger: LocalEventarcTrigger): Promise<void> {
  const triggerId = trigger.triggerId ?? DEFAULT_TRIGGER_ID;
  const url =
    `http://${trigger.emulatorHost}/emulator/v1/projects/${encodeURIComponent(trigger.projectId)}/eventarcTrigger` +
    `?eventarcTriggerId=${encodeURIComponent(triggerId)}`;
  const body = {
    eventType: trigger.eventType ?? DOCUMENT_CREATED,
    database: trigger.database ?? '(default)',
    namespace: '(default)',
    document: { value: trigger.documentPattern ?? EVENT_DOCUMENTS, matchType: 'PATH_PATTERN' },
  };
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(trigger.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new LocalEventarcTriggerFailed(
      `Registering the Eventarc trigger ${triggerId} with the Firestore emulator at ${trigger.emulatorHost} failed: ${(error as Error).message}`,
    );
  }
  if (!response.ok) {
    const detail = (await response.text().catch(() => '')).slice(0, 300);
    throw new LocalEventarcTriggerFailed(
      `The Firestore emulator at ${trigger.emulatorHost} refused the Eventarc trigger ${triggerId}: HTTP ${response.status} ${detail}`,
    );
  }
}
