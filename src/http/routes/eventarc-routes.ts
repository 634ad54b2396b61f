import express, { Router, type NextFunction, type Request, type Response } from 'express';
import * as E from 'fp-ts/Either';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { ProjectionDoorbell } from '../../projections/doorbell';
import {
  decodeFirestoreCloudEvent,
  type FirestoreDatabase,
} from '../../projections/eventarc/decode-firestore-cloudevent';
import { HttpError } from '../http-error';
import { requireService, type AuthDependencies } from '../middleware/auth';

/**
 * Largest accepted delivery: a Firestore document is at most 1 MiB, its DocumentEventData a little more, and the
 * local emulator's base64 text 4/3 of that.
 */
export const DEFAULT_EVENTARC_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Where Eventarc delivers event-store writes (deploy/terraform/eventarc.tf names the same path). */
export const EVENTARC_ROUTE = '/eventarc/firestore';

export interface EventarcRouteOptions {
  readonly logger: Logger;
  /** The database whose event documents this service projects; deliveries about any other are ignored. */
  readonly database: FirestoreDatabase;
  readonly registry?: Registry;
  readonly bodyLimitBytes?: number;
}

/**
 * `POST /eventarc/firestore`: Eventarc's doorbell. The CloudEvent only says which partition has news; the
 * projector reads the partition itself, so a delivery's order, repetition or loss never matters.
 *
 * Eventarc (Pub/Sub push underneath) redelivers every non-2xx answer with backoff for a day, so a delivery
 * that can never succeed — undecodable, another event type, too large, another database, a partition this log
 * does not have — is answered 200 `ignored` (with a warning and a counter). Only a failed catch-up, which a
 * later delivery can fix, answers 503.
 *
 * Mount it BEFORE the app's global `express.json`: the route reads the body as raw bytes whatever its type
 * (protobuf, JSON, or the emulator's base64 text).
 */
export function eventarcRoutes(
  doorbell: ProjectionDoorbell,
  auth: AuthDependencies,
  options: EventarcRouteOptions,
): Router {
  const { logger } = options;
  const deliveries = new Counter({
    name: 'convergence_eventarc_deliveries_total',
    help: 'Eventarc deliveries by outcome (caught_up, busy, ignored, failed) and, when ignored, why',
    labelNames: ['outcome', 'reason'] as const,
    registers: options.registry ? [options.registry] : [],
  });
  const ignore = (res: Response, reason: string, message: string, documentPath?: string) => {
    deliveries.inc({ outcome: 'ignored', reason });
    logger.warn({ requestId: res.req.requestId, reason, documentPath, problem: message }, 'eventarc delivery ignored');
    res.json({ outcome: 'ignored', reason, message, ...(documentPath ? { document_path: documentPath } : {}) });
  };
  const rawBody = express.raw({ type: () => true, limit: options.bodyLimitBytes ?? DEFAULT_EVENTARC_BODY_LIMIT_BYTES });
  const readBody = (req: Request, res: Response, next: NextFunction) =>
    rawBody(req, res, (error?: unknown) => {
      const type = (error as { type?: unknown } | undefined)?.type;
      if (type === 'entity.too.large') ignore(res, 'BODY_TOO_LARGE', 'The delivery is larger than any event document');
      else next(error);
    });

  const router = Router();
  router.post(EVENTARC_ROUTE, requireService(auth), readBody, async (req, res) => {
    const body: unknown = req.body;
    const delivery = { headers: req.headers, body: Buffer.isBuffer(body) ? body : Buffer.alloc(0) };
    const decoded = decodeFirestoreCloudEvent(delivery, options.database);
    if (E.isLeft(decoded)) return ignore(res, decoded.left.code, decoded.left.message);
    const event = decoded.right;
    if (event.kind === 'ignored') return ignore(res, 'NOT_AN_EVENT_DOCUMENT', event.reason, event.documentPath);
    let answer;
    try {
      answer = await doorbell.catchUp(event.partition);
    } catch (error) {
      deliveries.inc({ outcome: 'failed', reason: '' });
      // The partition is not caught up yet: ask Eventarc to deliver again (the catch-up is idempotent).
      const message = `Partition ${event.partition} could not be caught up; deliver again`;
      throw Object.assign(new HttpError('CATCH_UP_FAILED', message), { cause: error });
    }
    if (answer.outcome === 'ignored') return ignore(res, 'PARTITION_OUT_OF_RANGE', answer.reason, event.documentPath);
    deliveries.inc({ outcome: answer.outcome, reason: '' });
    const events = answer.outcome === 'caught_up' ? answer.events : 0;
    logger.info({ partition: event.partition, events, outcome: answer.outcome }, 'eventarc catch-up');
    res.json({ outcome: answer.outcome, document_path: event.documentPath, partition: event.partition, events });
  });
  return router;
}
