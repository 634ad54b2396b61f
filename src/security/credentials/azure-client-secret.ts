import * as t from 'io-ts';

const Uuid = t.refinement(
  t.string,
  (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  'uuid',
);
/** Azure generates 40-character secrets from printable ASCII; older ones were shorter. */
const ClientSecret = t.refinement(
  t.string,
  (s) => /^[\x21-\x7e]{8,256}$/.test(s),
  'client secret (8–256 printable characters)',
);

/** A service principal with a client secret, scoped to one subscription. Unknown fields are dropped. */
export const AzureClientSecret = t.exact(
  t.type({ tenant_id: Uuid, client_id: Uuid, client_secret: ClientSecret, subscription_id: Uuid }),
  'AzureClientSecret',
);
export type AzureClientSecret = t.TypeOf<typeof AzureClientSecret>;
