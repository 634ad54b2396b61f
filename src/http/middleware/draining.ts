import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../http-error';

/** Seconds a refused caller is told to wait: by then another instance (or this one's successor) serves. */
export const DRAINING_RETRY_AFTER_SECONDS = 5;

/**
 * The service's draining state. Before draining every request is admitted and counted while in flight; once
 * draining, every new request (the health probes included) is refused 503 `DRAINING` with `Retry-After`, so Cloud
 * Run takes the instance out of rotation and Cloud Tasks, Eventarc and callers retry elsewhere.
 */
export interface Drain {
  readonly draining: boolean;
  /** Admitted requests whose response has not finished (or whose connection has not closed). */
  readonly inFlight: number;
  begin(): void;
  /** Resolves once no admitted request is in flight. */
  idle(): Promise<void>;
  readonly middleware: RequestHandler;
}

/** Whether a request arriving now is served: decided from the state alone. */
export const admits = (state: { readonly draining: boolean }): boolean => !state.draining;

export function createDrain(): Drain {
  let draining = false;
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (inFlight > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!admits({ draining })) {
      // Close the connection after the answer: a keep-alive client must reconnect (to another instance).
      res.set('Connection', 'close');
      const headers = { 'Retry-After': String(DRAINING_RETRY_AFTER_SECONDS) };
      next(new HttpError('DRAINING', 'The service is shutting down; retry shortly', undefined, headers));
      return;
    }
    inFlight += 1;
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      inFlight -= 1;
      settle();
    };
    // 'close' fires for a finished response and for a dropped connection alike.
    res.once('close', finished);
    next();
  };
  return {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    begin() {
      draining = true;
    },
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      });
    },
    middleware,
  };
}
