/** Why a presented key was refused before any lookup; never carries the presented value. */
export type MalformedApiKeyReason = 'NOT_A_STRING' | 'WRONG_LENGTH' | 'WRONG_FORMAT';

export class MalformedApiKey extends Error {
  readonly code = 'MALFORMED_API_KEY';
  constructor(readonly reason: MalformedApiKeyReason) {
    super(`The API key is malformed (${reason.toLowerCase().replace(/_/g, ' ')})`);
    this.name = 'MalformedApiKey';
  }
}

/** A pepper too short to add anything: a configuration mistake, refused rather than silently hashing weakly. */
export class InvalidApiKeyPepper extends Error {
  readonly code = 'INVALID_API_KEY_PEPPER';
  constructor(readonly minimumBytes: number) {
    super(`The API key pepper must be at least ${minimumBytes} bytes`);
    this.name = 'InvalidApiKeyPepper';
  }
}
