export { API_KEY_LENGTH, API_KEY_PREFIX, API_KEY_ID_PATTERN } from './api-key-format';
export { InvalidApiKeyPepper, MalformedApiKey, type MalformedApiKeyReason } from './errors';
export { generateApiKey, type GeneratedApiKey } from './generate-api-key';
export { MIN_PEPPER_BYTES, hashApiKey } from './hash-api-key';
export { isExpired } from './is-expired';
export { parseApiKey, type ParsedApiKey } from './parse-api-key';
export { ALL_API_KEY_SCOPES, ApiKeyScope, ApiKeyScopes, hasScope } from './scopes';
export { LAST_USED_WRITE_INTERVAL_MS, shouldRecordUse } from './should-record-use';
export { verifyApiKey } from './verify-api-key';
