import type { DomainError } from '../domain/errors';

/** A command the domain refused, carried as an error so HTTP and CLI map it by `code`. */
export class DomainRefusal extends Error {
  readonly code: DomainError['code'];
  readonly details?: Readonly<Record<string, unknown>>;
  constructor(error: DomainError) {
    super(error.message);
    this.name = 'DomainRefusal';
    this.code = error.code;
    this.details = error.details;
  }
}
