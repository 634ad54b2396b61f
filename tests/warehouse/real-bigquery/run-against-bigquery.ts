// npm run test:bigquery — the warehouse contract suite against real BigQuery.
// Refuses loudly (exit 2) when no project or credentials are configured: it never reports a pass it did not earn.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { realBigQuerySettings } from './settings';

async function main(): Promise<number> {
  const settings = realBigQuerySettings(process.env);
  if (!('projectId' in settings)) {
    console.error(`test:bigquery: ${settings.problem}`);
    return 2;
  }
  try {
    await new BigQuery({ projectId: settings.projectId }).authClient.getAccessToken();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(
      `test:bigquery: no usable Application Default Credentials (${reason}); the contract was NOT run against real BigQuery.`,
    );
    return 2;
  }
  console.log(
    `test:bigquery: running the warehouse contract in project ${settings.projectId} (${settings.location}), datasets ${settings.datasetPrefix}_*`,
  );
  const config = join(__dirname, 'jest.config.cjs');
  // The client's transport imports node-fetch (an ES module) dynamically: jest allows that only with vm modules.
  const nodeOptions = [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' ');
  const result = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--config', config, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, NODE_OPTIONS: nodeOptions },
    },
  );
  return result.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
