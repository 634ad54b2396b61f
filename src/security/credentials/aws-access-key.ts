import * as t from 'io-ts';

const AccessKeyId = t.refinement(t.string, (s) => /^(AKIA|ASIA)[A-Z0-9]{16}$/.test(s), 'AWS access key id');
const SecretAccessKey = t.refinement(
  t.string,
  (s) => /^[A-Za-z0-9/+=]{40}$/.test(s),
  'AWS secret access key (40 characters)',
);
const Region = t.refinement(t.string, (s) => /^[a-z]{2}(-[a-z]+){1,3}-\d{1,2}$/.test(s), 'AWS region');
const SessionToken = t.refinement(t.string, (s) => /^[A-Za-z0-9/+=]{16,4096}$/.test(s), 'AWS session token');

/** An IAM access key pair; `ASIA…` keys are temporary and come with a session token. Unknown fields are dropped. */
export const AwsAccessKey = t.exact(
  t.intersection([
    t.type({ access_key_id: AccessKeyId, secret_access_key: SecretAccessKey }),
    t.partial({ region: Region, session_token: SessionToken }),
  ]),
  'AwsAccessKey',
);
export type AwsAccessKey = t.TypeOf<typeof AwsAccessKey>;
