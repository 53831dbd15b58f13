import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate, preferredChallenge } from '../../../src/registry/www-authenticate.js';

describe('parseWwwAuthenticate', () => {
  it('reads a Docker Hub bearer challenge', () => {
    const [c] = parseWwwAuthenticate(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
    );
    expect(c).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/nginx:pull',
      },
    });
  });

  it('keeps commas and equals signs inside quoted values', () => {
    const [c] = parseWwwAuthenticate('Bearer realm="https://x/token?a=b,c",scope="repository:a/b:pull,push"');
    expect(c?.params.realm).toBe('https://x/token?a=b,c');
    expect(c?.params.scope).toBe('repository:a/b:pull,push');
  });

  it('unescapes backslashes in quoted strings and accepts unquoted tokens and spaces', () => {
    const [c] = parseWwwAuthenticate('bearer  realm = "a\\"b" , service=plain');
    expect(c).toEqual({ scheme: 'bearer', params: { realm: 'a"b', service: 'plain' } });
  });

  it('splits several challenges in one header and across headers', () => {
    const list = parseWwwAuthenticate([
      'Basic realm="r1", Bearer realm="https://t",service="s"',
      'Negotiate',
    ]);
    expect(list.map((c) => c.scheme)).toEqual(['basic', 'bearer', 'negotiate']);
    expect(list[1]?.params).toEqual({ realm: 'https://t', service: 's' });
  });

  it('lower-cases parameter names', () => {
    expect(parseWwwAuthenticate('Bearer Realm="x",SERVICE="y"')[0]?.params).toEqual({
      realm: 'x',
      service: 'y',
    });
  });

  it('survives garbage and empty input', () => {
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate('=,,"')).toEqual([]);
    expect(parseWwwAuthenticate('Bearer realm="unterminated')[0]?.params.realm).toBe('unterminated');
  });

  it('prefers Bearer over Basic', () => {
    expect(preferredChallenge(parseWwwAuthenticate('Basic realm="a", Bearer realm="b"'))?.scheme).toBe(
      'bearer',
    );
    expect(preferredChallenge(parseWwwAuthenticate('Basic realm="a"'))?.scheme).toBe('basic');
    expect(preferredChallenge(parseWwwAuthenticate('Negotiate'))).toBeUndefined();
  });
});
