import { describe, expect, it } from 'vitest';
import { takeBearerProtocol } from '../../../../src/server/http/websocket-upgrade.js';

const PREFIX = 'base64url.bearer.authorization.k8s.io.';

describe('takeBearerProtocol', () => {
  it('takes the base64url bearer token out of the offered subprotocols', () => {
    const token = 'abc.def-ghi_jkl';
    const header = `${PREFIX}${Buffer.from(token).toString('base64url')}, base64.binary.k8s.io`;
    expect(takeBearerProtocol(header)).toEqual({ protocols: ['base64.binary.k8s.io'], token });
  });

  it('leaves the protocols alone when none carries a token', () => {
    expect(takeBearerProtocol('base64.binary.k8s.io')).toEqual({ protocols: ['base64.binary.k8s.io'] });
    expect(takeBearerProtocol(undefined)).toEqual({ protocols: [] });
  });

  it('marks an empty or malformed token as invalid (empty), never passing it on', () => {
    expect(takeBearerProtocol(`${PREFIX}, x`)).toEqual({ protocols: ['x'], token: '' });
    expect(takeBearerProtocol(`${PREFIX}not.base64url`).token).toBe('');
    // decodes to a control character: not a token
    expect(takeBearerProtocol(`${PREFIX}${Buffer.from('a\nb').toString('base64url')}`).token).toBe('');
  });
});
