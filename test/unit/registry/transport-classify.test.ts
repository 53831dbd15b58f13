import { describe, expect, it } from 'vitest';
import { classifyTransportError } from '../../../src/registry/transport.js';

function err(code: string, cause?: unknown): Error {
  return Object.assign(new Error(code, cause === undefined ? undefined : { cause }), { code });
}

describe('classifyTransportError', () => {
  it('maps socket and undici codes to coarse reasons', () => {
    expect(classifyTransportError(err('ECONNREFUSED'))).toBe('refused');
    expect(classifyTransportError(err('ECONNRESET'))).toBe('reset');
    expect(classifyTransportError(err('UND_ERR_SOCKET'))).toBe('reset');
    expect(classifyTransportError(err('UND_ERR_HEADERS_TIMEOUT'))).toBe('timeout');
    expect(classifyTransportError(err('UND_ERR_CONNECT_TIMEOUT'))).toBe('timeout');
    expect(classifyTransportError(err('DEPTH_ZERO_SELF_SIGNED_CERT'))).toBe('tls');
    expect(classifyTransportError(err('ERR_SSL_WRONG_VERSION_NUMBER'))).toBe('tls');
    expect(classifyTransportError(new Error('odd'))).toBe('network');
  });

  it('looks through wrapped causes', () => {
    expect(classifyTransportError(new TypeError('fetch failed', { cause: err('ECONNREFUSED') }))).toBe(
      'refused',
    );
  });
});
