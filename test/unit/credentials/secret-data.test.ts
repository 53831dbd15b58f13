import { describe, expect, it } from 'vitest';
import { secretDataValue } from '../../../src/credentials/index.js';

const secret = (data: unknown) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data });
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe("a Secret's data value", () => {
  it('is the base64-decoded value of the key', () => {
    expect(secretDataValue(secret({ WebHookSecretKey: b64('s3cret') }), 'WebHookSecretKey')).toBe('s3cret');
  });

  it('is undefined when the key is missing, its value is not a string, or data is not an object', () => {
    expect(secretDataValue(secret({ other: b64('x') }), 'password')).toBeUndefined();
    expect(secretDataValue(secret({ password: 7 }), 'password')).toBeUndefined();
    expect(secretDataValue(secret('cGFzc3dvcmQ='), 'password')).toBeUndefined();
    expect(secretDataValue(secret(null), 'password')).toBeUndefined();
    expect(secretDataValue(secret({}), 'toString')).toBeUndefined();
  });
});
