/* eslint-disable @typescript-eslint/no-require-imports */
// Local-only modules, loaded on first use so a production start never loads src/local/ or the stand-ins'
// dev-only libraries. `require`, not `import()`: in CommonJS output TypeScript keeps `import()` native, and
// tsx's CommonJS hook (bin/convergence) cannot map its `.js` specifier back to the `.ts` source.
import type * as LocalScheduler from '../local/scheduler/start-local-scheduler.js';
import type * as DemoGuide from './demo-guide.js';
import type * as SeedDemo from './seed-demo.js';
import type * as LocalDependencies from './start-local-dependencies.js';

export const loadLocalDependencies = (): typeof LocalDependencies =>
  require('./start-local-dependencies.js') as typeof LocalDependencies;

export const loadLocalScheduler = (): typeof LocalScheduler =>
  require('../local/scheduler/start-local-scheduler.js') as typeof LocalScheduler;

export const loadDemo = (): typeof SeedDemo & typeof DemoGuide => ({
  ...(require('./seed-demo.js') as typeof SeedDemo),
  ...(require('./demo-guide.js') as typeof DemoGuide),
});
