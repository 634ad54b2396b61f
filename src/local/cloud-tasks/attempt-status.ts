import { status as Status } from '@grpc/grpc-js';
import type { DeliveryOutcome } from './http-delivery';
import type { AttemptStatus } from './model';

const HTTP_TO_RPC: Readonly<Record<number, Status>> = {
  400: Status.INVALID_ARGUMENT,
  401: Status.UNAUTHENTICATED,
  403: Status.PERMISSION_DENIED,
  404: Status.NOT_FOUND,
  409: Status.ABORTED,
  429: Status.RESOURCE_EXHAUSTED,
  499: Status.CANCELLED,
  501: Status.UNIMPLEMENTED,
  503: Status.UNAVAILABLE,
  504: Status.DEADLINE_EXCEEDED,
};

/** The google.rpc.Status Cloud Tasks records for an attempt (Attempt.response_status). */
export function attemptStatusOf(outcome: DeliveryOutcome): AttemptStatus {
  switch (outcome.kind) {
    case 'response': {
      const { status } = outcome;
      if (status >= 200 && status < 300) return { code: Status.OK, message: 'OK' };
      const code =
        HTTP_TO_RPC[status] ??
        (status >= 500 ? Status.INTERNAL : status >= 400 ? Status.FAILED_PRECONDITION : Status.UNKNOWN);
      return { code, message: `HTTP status code ${status}` };
    }
    case 'deadline-exceeded':
      return { code: Status.DEADLINE_EXCEEDED, message: 'The dispatch deadline was exceeded' };
    case 'network-error':
      return { code: Status.UNAVAILABLE, message: `The target could not be reached: ${outcome.message}` };
    case 'aborted':
      return { code: Status.CANCELLED, message: 'The local server stopped' };
  }
}

export const isSuccess = (outcome: DeliveryOutcome): boolean =>
  outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300;

export function describeOutcome(outcome: DeliveryOutcome): string {
  return outcome.kind === 'response' ? `HTTP ${outcome.status}` : outcome.kind;
}
