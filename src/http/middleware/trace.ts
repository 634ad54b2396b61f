import type { NextFunction, Request, Response } from 'express';
import { runInTrace } from '../../observability/current-trace';
import { newTraceContext, traceContextOf, type TraceContext } from '../../observability/trace-context';

declare module 'express-serve-static-core' {
  interface Request {
    trace: TraceContext;
  }
}

/** Every request runs inside its trace: the caller's (`traceparent`, `X-Cloud-Trace-Context`) or a new one. */
export function traceRequest(req: Request, _res: Response, next: NextFunction): void {
  const headers = { traceparent: req.header('traceparent'), xCloudTraceContext: req.header('x-cloud-trace-context') };
  req.trace = traceContextOf(headers) ?? newTraceContext();
  runInTrace(req.trace, next);
}
