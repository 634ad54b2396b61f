export { REDACTED, isSecretFieldName, redactSecrets, redactText } from './redact-secrets';
