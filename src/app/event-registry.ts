import type * as t from 'io-ts';
import { apiKeyUseEventCodecs } from '../domain/api-key-use/events';
import { runEventCodecs } from '../domain/run/events';
import { systemEventCodecs } from '../domain/system/system';
import { tenantEventCodecs } from '../domain/tenant/events';
import { usageEventCodecs } from '../domain/usage/events';
import { createEventRegistry, type EventRegistry, type EventSchema } from '../eventstore';

const version1 = (codecs: Readonly<Record<string, t.Decoder<unknown, unknown>>>): EventSchema[] =>
  Object.entries(codecs).map(([type, codec]) => ({ type, schemaVersion: 1, codec }));

/** Every event type the service records, with its current schema version and data codec. */
export function serviceEventRegistry(): EventRegistry {
  return createEventRegistry([
    ...version1(systemEventCodecs),
    ...version1(tenantEventCodecs),
    ...version1(runEventCodecs),
    ...version1(usageEventCodecs),
    ...version1(apiKeyUseEventCodecs),
  ]);
}
