import { constantTimeEqual } from '../../src/security/constant-time-equal';
import { verifyAdminKey } from '../../src/security/admin-key';

describe('verifyAdminKey', () => {
  const configured = 'admin-key-0123456789abcdef0123456789abcdef';

  it('accepts exactly the configured key', () => {
    expect(verifyAdminKey(configured, configured)).toBe(true);
  });

  it('refuses another key, a prefix, an extension, another case and a missing header', () => {
    expect(verifyAdminKey('admin-key-0123456789abcdef0123456789abcdeX', configured)).toBe(false);
    expect(verifyAdminKey(configured.slice(0, -1), configured)).toBe(false);
    expect(verifyAdminKey(`${configured}x`, configured)).toBe(false);
    expect(verifyAdminKey(configured.toUpperCase(), configured)).toBe(false);
    expect(verifyAdminKey(undefined, configured)).toBe(false);
    expect(verifyAdminKey('', configured)).toBe(false);
  });

  it('fails closed when no admin key is configured, even for an empty presented key', () => {
    expect(verifyAdminKey('', '')).toBe(false);
    expect(verifyAdminKey('anything', '')).toBe(false);
  });

  it('handles presented keys of any length without throwing (timingSafeEqual alone would throw on a length mismatch)', () => {
    expect(() => verifyAdminKey('x'.repeat(100_000), configured)).not.toThrow();
    expect(verifyAdminKey('x'.repeat(100_000), configured)).toBe(false);
    expect(verifyAdminKey('é', configured)).toBe(false);
  });
});

describe('constantTimeEqual', () => {
  it('is string equality, including multi-byte characters', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('ünïcode', 'ünïcode')).toBe(true);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
