import { Router } from 'express';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { auditTenant } from '../../app/audit/audit-tenant';
import { auditInstant, parseInstant } from '../../app/audit/instant';
import { listTenantEvents } from '../../app/audit/list-tenant-events';
import type { ServiceContext } from '../../app/service-context';
import { decodeInput } from '../decode';
import { HttpError } from '../http-error';
import { requireAdmin, requireTenant, type AuthDependencies } from '../middleware/auth';
import { checkTenantIdParam } from './tenant-id-param';

const Instant = t.refinement(t.string, (s) => E.isRight(parseInstant(s)), 'RFC 3339 time with an offset');
const EventsQuery = t.partial({
  limit: t.refinement(t.string, (s) => /^\d{1,3}$/.test(s) && Number(s) >= 1 && Number(s) <= 500, 'limit (1–500)'),
  cursor: t.refinement(t.string, (s) => /^[A-Za-z0-9_-]{1,1000}$/.test(s), 'cursor'),
  from: Instant,
  to: Instant,
});

const instantOf = (text: string): Date => E.getOrElseW(() => new Date(NaN))(parseInstant(text));

/** Audits: a tenant's own event history (tenant-scoped, paged), and any tenant's state as of an instant (admin). */
export function auditRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  router.param('tenant_id', checkTenantIdParam);

  router.get('/api/v1/tenants/:tenant_id/audit/events', requireTenant(auth, 'pipelines:read'), async (req, res) => {
    const query = decodeInput(EventsQuery, req.query, 'query');
    const from = query.from === undefined ? undefined : instantOf(query.from);
    const to = query.to === undefined ? undefined : instantOf(query.to);
    if (from && to && from.getTime() > to.getTime())
      throw new HttpError('INVALID_PARAMETER', 'from must not be after to');
    const page = await listTenantEvents(ctx, req.params.tenant_id as string, {
      limit: Number(query.limit ?? 100),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
    res.json(page);
  });

  router.get('/api/v1/admin/audit/tenants/:tenant_id', requireAdmin(auth), async (req, res) => {
    const asOfText = req.query.as_of;
    if (asOfText !== undefined && typeof asOfText !== 'string')
      throw new HttpError('INVALID_PARAMETER', 'as_of must be given once');
    const asOf = auditInstant(asOfText, ctx.now());
    if (E.isLeft(asOf)) throw new HttpError('INVALID_PARAMETER', `as_of: ${asOf.left}`);
    res.json(await auditTenant(ctx, req.params.tenant_id as string, asOf.right));
  });
  return router;
}
