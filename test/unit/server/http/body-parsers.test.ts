import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { parseJsonBody } from '../../../../src/server/http/body-parsers.js';

function errorOf(body: string) {
  try {
    parseJsonBody(body);
  } catch (e) {
    if (isStatusError(e)) return e;
  }
  throw new Error('parsed');
}

describe('JSON request bodies', () => {
  it('answers a malformed body with 400 without quoting any of it (it may carry Secret data)', () => {
    const e = errorOf('{"stringData": {".dockerconfigjson": hunter2-password}}');
    expect(e.code).toBe(400);
    expect(e.message).toMatch(/^the request body is not valid JSON: unexpected token/);
    expect(JSON.stringify(e.toStatus())).not.toContain('hunter2');
    expect(e.cause).toBeUndefined();
    expect(errorOf('{"a": ').message).toContain('unexpected end of input');
  });

  it('parses JSON and drops __proto__ keys', () => {
    expect(parseJsonBody('{"a":1,"__proto__":{"x":1}}')).toEqual({ a: 1 });
    expect(parseJsonBody('  ')).toBeUndefined();
  });
});
