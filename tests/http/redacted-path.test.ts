import { redactedPath } from '../../src/http/redacted-path';

/** Lines of RSA keys this machine generated: each one leaked whole through a 404 message before (its `/` split it). */
const PEM_BODY_LINES = [
  'Y5yGxdQjNCT/OK4hZAGH9vXEZWE+7h70YfRWFVI52n/uaxZ+Zt/12pRX59WwwWdi',
  'BJ/XkV6/VX8u3XaTGj3206Scu98KKPB8dLESd3+Sgd5/xMaOF6N4XIWMilDrYrZx',
  'WS7UP1pOIPQvqQRgbQPH6p8kpKpiI7Jdy2Z5lwrFA/8I44kNHsZzYukL10g2cSqP',
];

describe('redactedPath', () => {
  it.each(PEM_BODY_LINES)('masks a base64 line split by slashes into short segments (%s)', (line) => {
    const path = redactedPath(`/api/v1/tenants/${encodeURIComponent(line)}`);
    expect(path).toBe('/api/v1/tenants/[redacted]');
  });

  it('masks the run in a raw (unencoded) path too and keeps the route words after it', () => {
    expect(redactedPath(`/api/v1/tenants/${PEM_BODY_LINES[0]}/runs`)).toBe('/api/v1/tenants/[redacted]/runs');
  });

  it('leaves the service’s own routes readable, a scheduled run’s id included', () => {
    for (const path of [
      '/api/v1/scheduler/tenant/acmecorp/pipelines/quarterhourcheck2',
      '/api/v1/pipelines/runs/acme_corp--daily_costs--20261207T1400Z',
      '/api/v1/tenants/acme_corp/api-keys/k7Hx9pQ2mN4v',
    ]) {
      expect(redactedPath(path)).toBe(path);
    }
  });
});
