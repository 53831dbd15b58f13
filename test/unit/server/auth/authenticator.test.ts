import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  authenticate,
  bearerToken,
  isLoopback,
} from '../../../../src/server/auth/authenticator.js';
import { parseTokenFile } from '../../../../src/server/auth/token-file.js';

const tokens = parseTokenFile('t1,alice,1,imagestreams:admin');

function code(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { code?: number }).code;
  }
}

describe('authentication', () => {
  it('accepts anonymous requests from loopback only, and only without a token file', () => {
    expect(authenticate({ allowAnonymous: false }, undefined, '127.0.0.1')).toBe(ANONYMOUS);
    expect(authenticate({ allowAnonymous: false }, undefined, '::ffff:127.0.0.1')).toBe(ANONYMOUS);
    expect(code(() => authenticate({ allowAnonymous: false }, undefined, '10.0.0.5'))).toBe(401);
    expect(code(() => authenticate({ tokens, allowAnonymous: false }, undefined, '127.0.0.1'))).toBe(401);
    expect(authenticate({ tokens, allowAnonymous: true }, undefined, '10.0.0.5')).toBe(ANONYMOUS);
  });
  it('names the user of a known bearer token and refuses an unknown one', () => {
    expect(authenticate({ tokens, allowAnonymous: false }, 'Bearer t1', '10.0.0.5').name).toBe('alice');
    expect(code(() => authenticate({ tokens, allowAnonymous: true }, 'Bearer nope', '127.0.0.1'))).toBe(401);
  });
  it('parses bearer headers and loopback addresses', () => {
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('192.168.1.1')).toBe(false);
  });
});
