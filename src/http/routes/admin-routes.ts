import { Router } from 'express';
import * as t from 'io-ts';
import { bootstrapSystem } from '../../app/system/bootstrap-system';
import type { ServiceContext } from '../../app/service-context';
import { decodeInput } from '../decode';
import { actorOf, requireAdmin, type AuthDependencies } from '../middleware/auth';

const BootstrapBody = t.union([t.undefined, t.exact(t.partial({ force_recreate_tables: t.boolean }))]);

export function adminRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  router.post('/api/v1/admin/bootstrap', requireAdmin(auth), async (req, res) => {
    const body = decodeInput(BootstrapBody, req.body, 'body');
    const report = await bootstrapSystem(
      ctx,
      { forceRecreateTables: body?.force_recreate_tables === true },
      actorOf(req),
    );
    res.status(report.firstBootstrap || report.created.length > 0 || report.recreated.length > 0 ? 201 : 200).json({
      status: 'SUCCESS',
      first_bootstrap: report.firstBootstrap,
      dataset: report.dataset,
      dataset_created: report.datasetCreated,
      partitions: report.partitions,
      schema_version: report.schemaVersion,
      tables_created: report.created,
      tables_existing: report.existing,
      tables_recreated: report.recreated,
      message: bootstrapMessage(report),
    });
  });
  return router;
}

function bootstrapMessage(report: {
  created: readonly string[];
  existing: readonly string[];
  recreated: readonly string[];
}): string {
  const parts = [];
  if (report.created.length) parts.push(`created ${report.created.length} table(s)`);
  if (report.recreated.length) parts.push(`re-created ${report.recreated.length} table(s)`);
  if (report.existing.length)
    parts.push(`${report.existing.length} table(s) already existed and were left as they are`);
  return parts.length ? `${parts.join('; ')}.` : 'Nothing to do.';
}
