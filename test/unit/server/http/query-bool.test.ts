import { describe, expect, it } from 'vitest';
import { queryBool, watchParams } from '../../../../src/server/http/query.js';
import { parseRequestInfo } from '../../../../src/server/http/request-info.js';

const verb = (watch: string | undefined) =>
  parseRequestInfo('GET', '/apis/image.openshift.io/v1/imagestreams', watch === undefined ? {} : { watch })
    ?.verb;

describe('boolean query parameters (as kube-apiserver decodes them)', () => {
  it.each(['true', 'True', 'TRUE', '1', 't', 'yes', ''])('%j is true', (v) => {
    expect(queryBool(v)).toBe(true);
    expect(verb(v)).toBe('watch');
  });

  it.each(['false', 'False', 'FALSE', 'fAlSe', '0'])('%j is false', (v) => {
    expect(queryBool(v)).toBe(false);
    expect(verb(v)).toBe('list');
  });

  it('absent is false', () => {
    expect(queryBool(undefined)).toBe(false);
    expect(verb(undefined)).toBe('list');
  });

  it('reads allowWatchBookmarks the same way (the Python client sends True)', () => {
    expect(watchParams({ allowWatchBookmarks: 'True' }).bookmarks).toBe(true);
    expect(watchParams({ allowWatchBookmarks: 'False' }).bookmarks).toBe(false);
    expect(watchParams({}).bookmarks).toBe(false);
  });
});
