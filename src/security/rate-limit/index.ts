export { TokenBucket, type TokenBucketSettings } from './token-bucket';
