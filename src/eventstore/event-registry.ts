import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { describeDecodeErrors } from '../domain/decode-errors';
import { undeclaredFields } from '../domain/undeclared-fields';

/**
 * One event type: the codec of its current data shape and upcasters that lift older stored versions.
 * `upcasters[v]` turns version v data into version v+1 data.
 */
export interface EventSchema<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly codec: t.Decoder<unknown, Data>;
  readonly upcasters?: Readonly<Record<number, (data: unknown) => unknown>>;
}

export interface EventRegistry {
  /** Current version for new events of this type; a type not registered is refused. */
  versionOf(type: string): E.Either<string, number>;
  /** Checks data about to be appended against the type's current codec: it decodes and declares every key. */
  validate(type: string, data: unknown): E.Either<readonly string[], unknown>;
  /** Upcasts stored data to the current version, then decodes it. */
  decode(
    type: string,
    schemaVersion: number,
    data: unknown,
  ): E.Either<readonly string[], { schemaVersion: number; data: unknown }>;
}

export function createEventRegistry(schemas: readonly EventSchema[]): EventRegistry {
  const byType = new Map(schemas.map((schema) => [schema.type, schema]));
  if (byType.size !== schemas.length) throw new Error('event registry: a type is registered twice');
  const find = (type: string) => E.fromNullable(`unknown event type "${type}"`)(byType.get(type));
  const check = (schema: EventSchema, data: unknown) =>
    E.mapLeft((errors: t.Errors) => describeDecodeErrors(errors).map((line) => `data.${line}`))(
      schema.codec.decode(data),
    );

  return {
    versionOf: (type) => E.map((schema: EventSchema) => schema.schemaVersion)(find(type)),
    validate: (type, data) =>
      E.chain((schema: EventSchema) =>
        E.chain((decoded: unknown) => {
          const extra = undeclaredFields(schema.codec, data).map((line) => `data.${line}`);
          return extra.length === 0 ? E.right(decoded) : E.left(extra);
        })(check(schema, data)),
      )(E.mapLeft((m: string) => [m])(find(type))),
    decode: (type, schemaVersion, data) => {
      const schema = byType.get(type);
      if (!schema) return E.left([`type: unknown event type "${type}"`]);
      if (schemaVersion > schema.schemaVersion)
        return E.left([`schemaVersion: ${schemaVersion} is newer than this service knows (${schema.schemaVersion})`]);
      let lifted = data;
      for (let version = schemaVersion; version < schema.schemaVersion; version += 1) {
        const upcast = schema.upcasters?.[version];
        if (!upcast) return E.left([`schemaVersion: no upcaster from version ${version} of "${type}"`]);
        lifted = upcast(lifted);
      }
      return E.map((decoded: unknown) => ({ schemaVersion: schema.schemaVersion, data: decoded }))(
        check(schema, lifted),
      );
    },
  };
}
