import { describe, expect, it } from 'vitest';
import {
  parseImageStreamImageName,
  parseImageStreamTagName,
  parseImageTagName,
  validateImageStreamName,
  validateNamespaceName,
  validateTagName,
} from '../../../src/api/names.js';
import { StatusError } from '../../../src/api/status-error.js';

function error(f: () => unknown): StatusError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return e;
  }
  throw new Error('no StatusError');
}

describe('names', () => {
  it('validates stream names with OpenShift messages', () => {
    expect(validateImageStreamName('ruby-3.3')).toEqual([]);
    expect(validateImageStreamName('Ruby')).toEqual(['must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"']);
    expect(validateImageStreamName('..')).toEqual(["may not be '..'"]);
    expect(validateImageStreamName('a/b')).toEqual(["may not contain '/'"]);
  });

  it('validates namespaces as DNS-1123 labels', () => {
    expect(validateNamespaceName('my-ns')).toEqual([]);
    expect(validateNamespaceName('My_ns')).toHaveLength(1);
    expect(validateNamespaceName('a'.repeat(64))).toContain('must be no more than 63 characters');
  });

  it('validates tag names', () => {
    expect(validateTagName('v1.0-rc_1')).toEqual([]);
    expect(validateTagName('.x')).toHaveLength(1);
    expect(validateTagName('x'.repeat(129))).toEqual(['must be no more than 128 characters']);
  });

  it('parses stream:tag', () => {
    expect(parseImageStreamTagName('ruby:3.3')).toEqual({ stream: 'ruby', tag: '3.3' });
    expect(parseImageTagName('ruby:latest')).toEqual({ stream: 'ruby', tag: 'latest' });
  });

  it.each([['ruby'], ['ruby:'], [':tag'], ['a:b:c'], [`ruby@sha256:${'a'.repeat(64)}`]])(
    'answers 400 for the istag name %j',
    (name) => {
      const e = error(() => parseImageStreamTagName(name));
      expect(e.code).toBe(400);
      expect(e.message).toBe('ImageStreamTags must be retrieved with <name>:<tag>');
      expect(error(() => parseImageTagName(name)).message).toBe(
        'ImageTags must be retrieved with <name>:<tag>',
      );
    },
  );

  it('parses stream@id and answers 400 otherwise', () => {
    expect(parseImageStreamImageName('ruby@sha256:abc')).toEqual({ stream: 'ruby', digest: 'sha256:abc' });
    for (const bad of ['ruby', 'ruby@', '@x', 'a@b@c']) {
      const e = error(() => parseImageStreamImageName(bad));
      expect(e.code).toBe(400);
      expect(e.message).toBe('ImageStreamImages must be retrieved with <name>@<id>');
    }
  });
});
