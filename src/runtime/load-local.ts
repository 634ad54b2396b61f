/* eslint-disable @typescript-eslint/no-require-imports */
// Local-only modules, loaded on first use so a production start never loads src/local/ or the stand-ins'
// dev-only libraries. `require`, not `import()`: in CommonJS output TypeScript keeps `import()` native, which
// tsx's CommonJS hook (bin/convergence) cannot resolve to the `.ts` source.
import type * as PinoPretty from 'pino-pretty';
import type * as LocalScheduler from '../local/scheduler/start-local-scheduler';
import type * as DemoGuide from './demo-guide';
import type * as SeedDemo from './seed-demo';
import type * as LocalDependencies from './start-local-dependencies';

export const loadLocalDependencies = (): typeof LocalDependencies =>
  require('./start-local-dependencies') as typeof LocalDependencies;

export const loadLocalScheduler = (): typeof LocalScheduler =>
  require('../local/scheduler/start-local-scheduler') as typeof LocalScheduler;

export const loadDemo = (): typeof SeedDemo & typeof DemoGuide => ({
  ...(require('./seed-demo') as typeof SeedDemo),
  ...(require('./demo-guide') as typeof DemoGuide),
});

/** pino-pretty (a dev dependency) for a terminal; absent in the production image, so JSON is kept then. */
export const loadPrettify = (): ((line: string) => string) | undefined => {
  try {
    return (require('pino-pretty') as typeof PinoPretty).prettyFactory({ colorize: true, messageKey: 'msg' });
  } catch {
    return undefined;
  }
};
