import { describe, expect, it } from 'vitest';
import {
  buildSpecTag,
  checkTagFlags,
  parseTagDestination,
  parseTagSource,
  tagMessage,
} from '../../../src/importer/tag-plan.js';

describe('parseTagSource', () => {
  it('infers docker for a registry host, isimage for @digest, istag otherwise', () => {
    expect(parseTagSource('quay.io/team/app:1', undefined).kind).toBe('DockerImage');
    expect(parseTagSource('127.0.0.1:5000/app@sha256:abc', undefined).kind).toBe('DockerImage');
    expect(parseTagSource('app@sha256:abc', undefined)).toMatchObject({
      kind: 'ImageStreamImage',
      stream: 'app',
      digest: 'sha256:abc',
    });
    expect(parseTagSource('other/app:3.4', undefined)).toEqual({
      kind: 'ImageStreamTag',
      name: 'app:3.4',
      stream: 'app',
      tag: '3.4',
      namespace: 'other',
    });
  });

  it('honours --source=docker for Docker Hub short names and rejects unknown kinds', () => {
    expect(parseTagSource('nginx:1.27', 'docker')).toEqual({ kind: 'DockerImage', name: 'nginx:1.27' });
    expect(() => parseTagSource('x', 'git')).toThrow(/docker, istag or isimage/);
  });
});

describe('parseTagDestination', () => {
  it('defaults namespace and tag, and validates the tag name', () => {
    expect(parseTagDestination('app', 'ns')).toEqual({ namespace: 'ns', stream: 'app', tag: 'latest' });
    expect(parseTagDestination('other/app:v1', 'ns')).toEqual({
      namespace: 'other',
      stream: 'app',
      tag: 'v1',
    });
    expect(() => parseTagDestination('app:-x', 'ns')).toThrow(/invalid tag/);
    expect(() => parseTagDestination('app@sha256:1', 'ns')).toThrow(/invalid destination/);
  });
});

describe('checkTagFlags', () => {
  const istag = parseTagSource('app:3.4', undefined);
  it('allows --scheduled and --insecure only for docker sources', () => {
    expect(() => checkTagFlags(istag, [], { scheduled: true }, 'ns')).toThrow(/scheduled/);
    expect(() => checkTagFlags(istag, [], { insecure: true }, 'ns')).toThrow(/insecure/);
    expect(() =>
      checkTagFlags(parseTagSource('r.io/a:1', undefined), [], { scheduled: true, insecure: true }, 'ns'),
    ).not.toThrow();
  });

  it('allows --alias only within the same stream', () => {
    expect(() =>
      checkTagFlags(istag, [parseTagDestination('app:latest', 'ns')], { alias: true }, 'ns'),
    ).not.toThrow();
    expect(() =>
      checkTagFlags(istag, [parseTagDestination('web:latest', 'ns')], { alias: true }, 'ns'),
    ).toThrow(/across different/);
    expect(() =>
      checkTagFlags(istag, [parseTagDestination('x/app:latest', 'ns')], { alias: true }, 'ns'),
    ).toThrow(/across different/);
  });
});

describe('buildSpecTag and tagMessage', () => {
  it('writes a docker source with generation 0 and the import policy flags', () => {
    const src = parseTagSource('r.io/team/app:1', undefined);
    const dest = parseTagDestination('app:1', 'ns');
    expect(buildSpecTag(src, dest, { scheduled: true, insecure: true }, undefined, 'ns')).toEqual({
      name: '1',
      from: { kind: 'DockerImage', name: 'r.io/team/app:1' },
      importPolicy: { importMode: 'Legacy', insecure: true, scheduled: true },
      referencePolicy: { type: 'Source' },
      generation: 0,
    });
    expect(tagMessage(src, dest, { scheduled: true }, 'ns')).toBe(
      'Tag app:1 set to import r.io/team/app:1 periodically.',
    );
  });

  it('keeps annotations of the existing tag and names the source namespace across namespaces', () => {
    const src = {
      kind: 'ImageStreamImage' as const,
      name: 'app@sha256:1',
      stream: 'app',
      digest: 'sha256:1',
    };
    const dest = parseTagDestination('prod/app:live', 'dev');
    const tag = buildSpecTag(
      src,
      dest,
      { referencePolicy: 'local' },
      { name: 'live', annotations: { a: 'b' } },
      'dev',
    );
    expect(tag).toMatchObject({
      annotations: { a: 'b' },
      from: { kind: 'ImageStreamImage', name: 'app@sha256:1', namespace: 'dev' },
      referencePolicy: { type: 'Local' },
    });
    expect(tag.generation).toBeUndefined();
    expect(tagMessage(src, dest, {}, 'dev')).toBe('Tag prod/app:live set to app@sha256:1.');
    expect(
      tagMessage(
        parseTagSource('app:3.4', undefined),
        parseTagDestination('app:latest', 'dev'),
        { alias: true },
        'dev',
      ),
    ).toBe('Tag app:latest set up to track app:3.4.');
  });
});
