import { Router } from 'express';
import { deleteCredential } from '../../app/credentials/delete-credential';
import { listCredentials } from '../../app/credentials/list-credentials';
import { storeCredential, StoreCredentialInput } from '../../app/credentials/store-credential';
import type { ServiceContext } from '../../app/service-context';
import { decodeInput } from '../decode';
import { actorOf, requireTenant, type AuthDependencies } from '../middleware/auth';
import { checkIdParam, checkTenantIdParam } from './tenant-id-param';

/** Cloud credentials: metadata out, ciphertext stored, plaintext never echoed (not even in validation errors). */
export function credentialRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  router.param('tenant_id', checkTenantIdParam);
  router.param('credential_id', checkIdParam('credential_id'));
  const base = '/api/v1/tenants/:tenant_id/credentials';

  router.post(base, requireTenant(auth, 'pipelines:write'), async (req, res) => {
    const input = decodeInput(StoreCredentialInput, req.body, 'body', { secret: true });
    res.status(201).json(await storeCredential(ctx, req.params.tenant_id as string, input, actorOf(req)));
  });
  router.get(base, requireTenant(auth, 'pipelines:read'), async (req, res) => {
    res.json(await listCredentials(ctx, req.params.tenant_id as string));
  });
  router.delete(`${base}/:credential_id`, requireTenant(auth, 'pipelines:write'), async (req, res) => {
    res.json(
      await deleteCredential(ctx, req.params.tenant_id as string, req.params.credential_id as string, actorOf(req)),
    );
  });
  return router;
}
