export { startLocalKms, type LocalKmsOptions, type RunningLocalKms } from './start-local-kms';
export { MAX_AAD_BYTES, MAX_PLAINTEXT_BYTES } from './local-kms';
export { crc32c } from './crc32c';
