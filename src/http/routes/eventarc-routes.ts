import express, { Router } from 'express';
import * as E from 'fp-ts/Either';
import type { ProjectionDoorbell } from '../../projections/doorbell';
import { decodeFirestoreCloudEvent } from '../../projections/eventarc/decode-firestore-cloudevent';
import { HttpError } from '../http-error';
import { requireService, type AuthDependencies } from '../middleware/auth';

/**
 * Largest accepted delivery: a Firestore document is at most 1 MiB, its DocumentEventData a little more, and the
 * local emulator's base64 text 4/3 of that.
 */
export const DEFAULT_EVENTARC_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export interface EventarcRouteOptions {
  readonly bodyLimitBytes?: number;
}

/** Where Eventarc delivers event-store writes (deploy/terraform/eventarc.tf names the same path). */
export const EVENTARC_ROUTE = '/eventarc/firestore';

/**
 * `POST /eventarc/firestore`: Eventarc's doorbell. The CloudEvent only says which partition has news; the
 * projector reads the partition itself, so a delivery's order, repetition or loss never matters. 200 once that
 * partition is caught up, 400 for a delivery that can never be decoded, 503 (redeliver) when the catch-up failed.
 *
 * Mount it BEFORE the app's global `express.json`: the route reads the body as raw bytes whatever its type
 * (protobuf, JSON, or the emulator's base64 text).
 */
export function eventarcRoutes(doorbell: ProjectionDoorbell, auth: AuthDependencies, options: EventarcRouteOptions = {}): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: options.bodyLimitBytes ?? DEFAULT_EVENTARC_BODY_LIMIT_BYTES });

  router.post(EVENTARC_ROUTE, requireService(auth), rawBody, async (req, res) => {
    const body: unknown = req.body;
    const decoded = decodeFirestoreCloudEvent({ headers: req.headers, body: Buffer.isBuffer(body) ? body : Buffer.alloc(0) });
    if (E.isLeft(decoded)) throw new HttpError(400, decoded.left.code, decoded.left.message, { problems: decoded.left.problems });
    const event = decoded.right;
    if (event.kind === 'ignored') {
      res.json({ outcome: 'ignored', document_path: event.documentPath, reason: event.reason });
      return;
    }
    try {
      await doorbell.catchUp(event.partition);
    } catch (error) {
      // Whatever failed, the partition is not caught up yet: ask Eventarc to deliver again (the catch-up is idempotent).
      throw Object.assign(new HttpError(503, 'CATCH_UP_FAILED', `Partition ${event.partition} could not be caught up; deliver again`), { cause: error });
    }
    res.json({ outcome: 'caught_up', document_path: event.documentPath, partition: event.partition });
  });
  return router;
}
