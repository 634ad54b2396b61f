import { Writable } from 'node:stream';
import { createLogger } from '../../src/http/logger';
import { generateApiKey } from '../../src/security/api-keys';
import { KnownSecrets } from '../../src/security/redaction';
import { generateLocalSecrets } from '../../src/runtime/local-secrets';
import { testPrivateKeyPem } from '../security/support';

/** Every secret kind the service holds or sees, each a value a log call might carry by mistake. */
function secretKinds(): Record<string, string> {
  const local = generateLocalSecrets();
  return {
    'admin key': local.adminKey,
    'service token': local.serviceToken,
    'tenant API key': generateApiKey().secret,
    pepper: local.apiKeyPepper,
    kek: local.kek,
    'PEM key body': testPrivateKeyPem().split('\n')[2] ?? '',
    jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl',
  };
}

function capturedLogger(secrets: Record<string, string>) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const configured = [secrets['admin key'], secrets['service token'], secrets.pepper, secrets.kek];
  const knownSecrets = new KnownSecrets().add(...configured);
  return { logger: createLogger('debug', sink, { knownSecrets }), lines };
}

const leaksIn = (lines: readonly string[], secrets: Record<string, string>) =>
  Object.entries(secrets)
    .filter(([, secret]) => lines.some((line) => line.includes(secret)))
    .map(([name]) => name);

describe('every log line is redacted', () => {
  it('masks each secret kind in the message, printf arguments, the object, errors and child bindings', () => {
    const secrets = secretKinds();
    const { logger, lines } = capturedLogger(secrets);
    for (const [kind, secret] of Object.entries(secrets)) {
      const value = kind === 'PEM key body' ? testPrivateKeyPem() : secret;
      logger.info(`message carrying ${value}`);
      logger.info('printf %s carrying', value);
      logger.info({ note: `object carrying ${value}`, nested: { deeper: [value] } }, 'object');
      logger.error({ err: new Error(`error carrying ${value}`) }, 'failed');
      logger.child({ binding: value }).warn('child');
    }
    expect(lines).toHaveLength(Object.keys(secrets).length * 5);
    expect(lines.filter((line) => !line.includes('[redacted]'))).toEqual([]);
    expect(leaksIn(lines, secrets)).toEqual([]);
  });

  it('keeps harmless fields readable so the lines stay useful', () => {
    const { logger, lines } = capturedLogger(secretKinds());
    const line = { requestId: '0f8fa6d2-4c1e-4b43-9a52-6f1ab0c7d9e1', path: '/api/v1/tenants/acme', status: 200 };
    logger.info(line, 'request');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ ...line, msg: 'request' });
  });
});

describe('child loggers', () => {
  it('redacts secret-named bindings, which pino serializes without the log formatter', () => {
    const secrets = secretKinds();
    const { logger, lines } = capturedLogger(secrets);
    logger.child({ token: 'plain-but-named-secret', tenant: 'acme' }).info('bound');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ token: '[redacted]', tenant: 'acme', msg: 'bound' });
  });
});
