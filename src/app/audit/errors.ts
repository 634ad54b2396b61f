/** A cursor of the audit events listing that this service did not issue. */
export class InvalidAuditCursor extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('The cursor is not one this service issued');
    this.name = 'InvalidAuditCursor';
  }
}
