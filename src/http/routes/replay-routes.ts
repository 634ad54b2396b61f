import { Router } from 'express';
import * as t from 'io-ts';
import { getReplay } from '../../app/replay/get-replay';
import { listReplays } from '../../app/replay/list-replays';
import { startReplay } from '../../app/replay/start-replay';
import type { ServiceContext } from '../../app/service-context';
import type { ReplayRecord } from '../../projections/replay/replay-record';
import { decodeInput } from '../decode';
import { actorOf, requireAdmin, type AuthDependencies } from '../middleware/auth';

const ReplayBody = t.union([
  t.undefined,
  t.exact(t.partial({ replay_id: t.string, verify: t.boolean, promote: t.boolean })),
]);

/**
 * Replays for operators (admin key): start one (it runs in the background of this instance; 202 with where
 * to follow it), follow its progress, list recent ones.
 */
export function replayRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  const admin = requireAdmin(auth);

  router.post('/api/v1/admin/replay', admin, async (req, res) => {
    const body = decodeInput(ReplayBody, req.body, 'body');
    const { replayId, done } = await startReplay(
      ctx,
      { replayId: body?.replay_id, verify: body?.verify === true, promote: body?.promote === true },
      actorOf(req),
    );
    // The outcome lands in the replay's record; a failure is recorded there, never thrown at nobody.
    done.catch(() => undefined);
    res
      .status(202)
      .location(`/api/v1/admin/replay/${replayId}`)
      .json({ replay_id: replayId, status: 'running', status_url: `/api/v1/admin/replay/${replayId}` });
  });

  router.get('/api/v1/admin/replay', admin, async (_req, res) => {
    res.json({ replays: (await listReplays(ctx)).map(replayJson) });
  });

  router.get('/api/v1/admin/replay/:replayId', admin, async (req, res) => {
    res.json(replayJson(await getReplay(ctx, String(req.params.replayId))));
  });
  return router;
}

export function replayJson(record: ReplayRecord) {
  return {
    replay_id: record.replayId,
    status: record.status,
    dataset: record.dataset,
    started_at: record.startedAt,
    updated_at: record.updatedAt,
    finished_at: record.finishedAt,
    total_events: record.totalEvents,
    projected_events: record.projectedEvents,
    events_per_second: record.eventsPerSecond,
    eta_seconds: record.etaSeconds,
    dead_letters: record.deadLetters,
    verify: record.verify,
    promoted_at: record.promotedAt,
    error: record.error,
    requested_by: record.requestedBy,
  };
}
