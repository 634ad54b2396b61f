/** A cloud credential failed validation. `problems` name paths and expected shapes, never a submitted value. */
export class InvalidCredential extends Error {
  readonly code = 'INVALID_CREDENTIAL';
  constructor(
    readonly provider: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${provider} credential: ${problems.join('; ')}`);
    this.name = 'InvalidCredential';
  }
}
