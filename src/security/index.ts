/** Keys, envelope encryption, service authentication and secret hygiene. See docs/security.md. */
export * from './admin-key';
export * from './api-keys';
export { constantTimeEqual } from './constant-time-equal';
export * from './credentials';
export * from './envelope';
export * from './redaction';
export * from './service-auth';
export * from './rate-limit';
