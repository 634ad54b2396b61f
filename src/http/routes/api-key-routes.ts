import { Router } from 'express';
import * as t from 'io-ts';
import { issueApiKey, IssueApiKeyInput } from '../../app/api-keys/issue-api-key';
import { listApiKeys } from '../../app/api-keys/list-api-keys';
import { revokeApiKey } from '../../app/api-keys/revoke-api-key';
import type { ServiceContext } from '../../app/service-context';
import { ReasonField } from '../../app/tenants/tenant-fields';
import { decodeInput } from '../decode';
import { actorOf, requireTenant, type AuthDependencies } from '../middleware/auth';
import { checkIdParam, checkTenantIdParam } from './tenant-id-param';

const ReasonBody = t.union([t.undefined, t.exact(t.partial({ reason: ReasonField }))]);

/**
 * Keys of a tenant: the admin key or the tenant's own key (pipelines:write to issue or revoke). Revoking a key
 * revokes the keys issued under it.
 */
export function apiKeyRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  router.param('tenant_id', checkTenantIdParam);
  router.param('key_id', checkIdParam('key_id'));
  const base = '/api/v1/tenants/:tenant_id/api-keys';

  router.post(base, requireTenant(auth, 'pipelines:write'), async (req, res) => {
    const input = decodeInput(IssueApiKeyInput, req.body, 'body');
    // A tenant key issues under itself (no more scopes or lifetime than it has); the admin key issues freely.
    const issuerKeyId = req.principal?.kind === 'tenant' ? req.principal.key.keyId : null;
    const issued = await issueApiKey(ctx, req.params.tenant_id as string, input, actorOf(req), issuerKeyId);
    res.status(201).json({ ...issued, message: 'Store the API key now: it is shown only once.' });
  });
  router.get(base, requireTenant(auth, 'pipelines:read'), async (req, res) => {
    res.json(await listApiKeys(ctx, req.params.tenant_id as string));
  });
  router.delete(`${base}/:key_id`, requireTenant(auth, 'pipelines:write'), async (req, res) => {
    const body = decodeInput(ReasonBody, req.body, 'body');
    res.json(
      await revokeApiKey(
        ctx,
        req.params.tenant_id as string,
        req.params.key_id as string,
        body?.reason ?? 'revoked',
        actorOf(req),
      ),
    );
  });
  return router;
}
