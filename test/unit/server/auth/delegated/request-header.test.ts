import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REQUEST_HEADERS,
  userFromHeaders,
  type RequestHeaderConfig,
} from '../../../../../src/server/auth/delegated/request-header.js';

const config: RequestHeaderConfig = {
  caPem: '',
  allowedNames: [],
  usernameHeaders: [...DEFAULT_REQUEST_HEADERS.usernameHeaders],
  uidHeaders: [...DEFAULT_REQUEST_HEADERS.uidHeaders],
  groupHeaders: [...DEFAULT_REQUEST_HEADERS.groupHeaders],
  extraHeaderPrefixes: [...DEFAULT_REQUEST_HEADERS.extraHeaderPrefixes],
};

describe('the front proxy headers', () => {
  it('name the user, uid, every group and the extras (keys lower case, percent-decoded, repeated values kept)', () => {
    expect(
      userFromHeaders(
        {
          'x-remote-user': ['alice'],
          'x-remote-uid': ['4f1c'],
          'x-remote-group': ['devs', 'ops'],
          'x-remote-extra-scopes': ['user:full', 'user:info'],
          'x-remote-extra-acme.com%2fteam': ['a'],
        },
        config,
      ),
    ).toEqual({
      name: 'alice',
      uid: '4f1c',
      groups: ['devs', 'ops'],
      extra: { scopes: ['user:full', 'user:info'], 'acme.com/team': ['a'] },
    });
  });

  it('read the uid from the configured header only, and leave it out when absent', () => {
    const custom = { ...config, uidHeaders: ['X-Proxy-Uid'] };
    expect(userFromHeaders({ 'x-remote-user': ['bob'], 'x-remote-uid': ['1'] }, custom)).toEqual({
      name: 'bob',
      groups: [],
    });
    expect(userFromHeaders({ 'x-remote-user': ['bob'], 'x-proxy-uid': ['7'] }, custom)).toEqual({
      name: 'bob',
      uid: '7',
      groups: [],
    });
  });

  it('name no user without a username header, whatever else is set', () => {
    expect(userFromHeaders({ 'x-remote-uid': ['1'], 'x-remote-group': ['system:masters'] }, config)).toBe(
      undefined,
    );
  });
});
