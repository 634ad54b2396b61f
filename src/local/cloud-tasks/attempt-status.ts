import type { DeliveryOutcome } from './http-delivery';
import type { AttemptStatus } from './model';

const HTTP_TO_RPC: Readonly<Record<number, number>> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 10,
  429: 8,
  499: 1,
  501: 12,
  503: 14,
  504: 4,
};

/** The google.rpc.Status Cloud Tasks records for an attempt (Attempt.response_status). */
export function attemptStatusOf(outcome: DeliveryOutcome): AttemptStatus {
  switch (outcome.kind) {
    case 'response': {
      const { status } = outcome;
      if (status >= 200 && status < 300) return { code: 0, message: 'OK' };
      const code = HTTP_TO_RPC[status] ?? (status >= 500 ? 13 : status >= 400 ? 9 : 2);
      return { code, message: `HTTP status code ${status}` };
    }
    case 'deadline-exceeded':
      return { code: 4, message: 'The dispatch deadline was exceeded' };
    case 'network-error':
      return { code: 14, message: `The target could not be reached: ${outcome.message}` };
    case 'aborted':
      return { code: 1, message: 'The local server stopped' };
  }
}

export const isSuccess = (outcome: DeliveryOutcome): boolean =>
  outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300;

export function describeOutcome(outcome: DeliveryOutcome): string {
  return outcome.kind === 'response' ? `HTTP ${outcome.status}` : outcome.kind;
}
