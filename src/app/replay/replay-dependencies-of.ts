import type { ReplayDependencies } from '../../projections/replay/replay-dependencies';
import type { ServiceContext } from '../service-context';

export function replayDependenciesOf(ctx: ServiceContext): ReplayDependencies {
  return {
    db: ctx.db,
    store: ctx.projections.store,
    warehouse: ctx.warehouse,
    projections: ctx.projections.definitions,
    tables: ctx.projections.tables,
    recreateViews: ctx.projections.recreateViews,
  };
}
