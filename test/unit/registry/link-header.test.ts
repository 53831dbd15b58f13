import { describe, expect, it } from 'vitest';
import { nextPageUrl, parseLinkHeader } from '../../../src/registry/link-header.js';

const current = new URL('https://reg.example:5000/v2/a/b/tags/list?n=2');

describe('Link header', () => {
  it('parses targets and parameters', () => {
    expect(
      parseLinkHeader('</v2/x/tags/list?n=2&last=b>; rel="next", <https://o/p>; rel=prev; title="t"'),
    ).toEqual([
      { target: '/v2/x/tags/list?n=2&last=b', params: { rel: 'next' } },
      { target: 'https://o/p', params: { rel: 'prev', title: 't' } },
    ]);
  });

  it('resolves a relative next link against the current page', () => {
    expect(nextPageUrl('</v2/a/b/tags/list?n=2&last=t1>; rel="next"', current)?.href).toBe(
      'https://reg.example:5000/v2/a/b/tags/list?n=2&last=t1',
    );
  });

  it('accepts an absolute next link on the same origin', () => {
    expect(
      nextPageUrl('<https://reg.example:5000/v2/a/b/tags/list?last=z>; rel="next"', current)?.search,
    ).toBe('?last=z');
  });

  it('refuses a next link to another origin', () => {
    expect(
      nextPageUrl('<https://evil.example/v2/a/b/tags/list?last=z>; rel="next"', current),
    ).toBeUndefined();
    expect(
      nextPageUrl('<http://reg.example:5000/v2/a/b/tags/list?last=z>; rel="next"', current),
    ).toBeUndefined();
  });

  it('no header, no next relation or an empty target means no next page', () => {
    expect(nextPageUrl(undefined, current)).toBeUndefined();
    expect(nextPageUrl('</x>; rel="prev"', current)).toBeUndefined();
    expect(nextPageUrl('<>; rel="next"', current)).toBeUndefined();
  });
});
