import { describe, expect, it } from 'vitest';
import { parseCsvLine, parseTokenFile } from '../../../../src/server/auth/token-file.js';

describe('token file', () => {
  it('parses kube-apiserver lines with quoted group lists', () => {
    const table = parseTokenFile(
      '# comment\n\ns3cret,alice,1001,"imagestreams:read:team-a,imagestreams:write:team-b"\nt2,bob,1002\n',
    );
    expect(table.get('s3cret')).toEqual({
      name: 'alice',
      uid: '1001',
      groups: ['imagestreams:read:team-a', 'imagestreams:write:team-b'],
    });
    expect(table.get('t2')).toEqual({ name: 'bob', uid: '1002', groups: [] });
  });
  it('handles escaped quotes', () => {
    expect(parseCsvLine('a,"b ""c""",d')).toEqual(['a', 'b "c"', 'd']);
  });
  it('names the line of an error but never the token', () => {
    expect(() => parseTokenFile('tok-xyz,alice\n')).toThrow(/line 1/);
    try {
      parseTokenFile('ok,a,1\ntok-dup,b,2\ntok-dup,c,3');
    } catch (e) {
      expect((e as Error).message).toMatch(/line 3/);
      expect((e as Error).message).not.toContain('tok-dup');
    }
    expect(() => parseTokenFile(',alice,1')).toThrow(/token is empty/);
  });
});
