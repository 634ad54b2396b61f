import { resolve } from 'node:path';
import type { DemoTenant } from './seed-demo';

/** What the first local start prints: where to look, with commands that work as they are. */
export function demoGuide(url: string, dataDir: string, tenants: readonly DemoTenant[]): string {
  const secrets = JSON.stringify(resolve(dataDir, 'local-secrets.json'));
  const admin = `-H "X-Admin-Key: $(node -p 'require(${secrets}).adminKey')"`;
  const first = tenants[0]?.tenantId ?? 'sample_tenant_01';
  const lines = [
    '',
    `  Demo tenants: ${tenants.map((t) => t.tenantId).join(', ')} (daily cost pipeline at 06:00, warehouse check every 15 min).`,
    ...tenants.filter((t) => t.apiKey).map((t) => `  API key of ${t.tenantId} (shown once): ${t.apiKey}`),
    '  Look at runs:',
    `    curl -s ${admin} "${url}/api/v1/pipelines/runs?tenant_id=${first}"`,
    `    curl -s ${admin} "${url}/api/v1/tenants/${first}"`,
    '  Fire the hourly trigger now:  npm run convergence -- tick',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
