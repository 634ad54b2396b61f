import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface WarehouseChild {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts bench/projection/warehouse-process.ts and waits for the URL it prints. */
export async function startWarehouseChild(projectId: string): Promise<WarehouseChild> {
  const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
  const child = spawn(tsx, [path.resolve(__dirname, 'warehouse-process.ts'), projectId], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [url] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => Promise.reject(new Error('the warehouse process exited before it was ready'))),
  ])) as [string];
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
