export { verifyAdminKey } from './verify-admin-key';
