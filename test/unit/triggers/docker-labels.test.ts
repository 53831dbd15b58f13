import { describe, expect, it } from 'vitest';
import { fromFollowLabel, parseDockerTriggerLabels } from '../../../src/triggers/docker-labels.js';

const ctx = { containerName: 'shop-web-1', service: 'web' };

describe('fromFollowLabel', () => {
  it('defaults the namespace to "default"', () => {
    expect(fromFollowLabel('app:latest').trigger?.from).toEqual({
      namespace: 'default',
      stream: 'app',
      tag: 'latest',
    });
  });
  it('accepts NS/STREAM:TAG', () => {
    expect(fromFollowLabel('prod/app:v2').trigger?.from).toEqual({
      namespace: 'prod',
      stream: 'app',
      tag: 'v2',
    });
  });
  it('warns when the tag is missing or the namespace is empty', () => {
    for (const v of ['app', '/app:1', 'a/b/c:1', 'app:']) {
      const r = fromFollowLabel(v);
      expect(r.trigger, v).toBeUndefined();
      expect(r.warnings[0]?.field).toBe('imagestreams.io/follow');
    }
  });
});

describe('parseDockerTriggerLabels', () => {
  it('returns nothing for a container without labels', () => {
    expect(parseDockerTriggerLabels({}, ctx)).toEqual({ trigger: undefined, warnings: [] });
  });

  it('reads the annotation form without a fieldPath', () => {
    const r = parseDockerTriggerLabels(
      {
        'image.openshift.io/triggers':
          '[{"from":{"kind":"ImageStreamTag","name":"app:latest","namespace":"x"},"paused":true}]',
      },
      ctx,
    );
    expect(r.warnings).toEqual([]);
    expect(r.trigger).toMatchObject({
      from: { namespace: 'x', stream: 'app', tag: 'latest' },
      paused: true,
      container: undefined,
    });
  });

  it('matches a fieldPath naming the container or its Compose service', () => {
    for (const name of ['shop-web-1', 'web']) {
      const label = JSON.stringify([
        {
          from: { kind: 'ImageStreamTag', name: 'app:1' },
          fieldPath: `containers[?(@.name=="${name}")].image`,
        },
      ]);
      expect(
        parseDockerTriggerLabels({ 'image.openshift.io/triggers': label }, ctx).trigger?.from.stream,
      ).toBe('app');
    }
  });

  it('ignores, with a warning, a trigger for another container', () => {
    const label = JSON.stringify([
      { from: { kind: 'ImageStreamTag', name: 'app:1' }, fieldPath: 'containers[?(@.name=="db")].image' },
    ]);
    const r = parseDockerTriggerLabels({ 'image.openshift.io/triggers': label }, ctx);
    expect(r.trigger).toBeUndefined();
    expect(r.warnings[0]?.message).toContain('does not address container shop-web-1');
  });

  it('lets the triggers label win over the follow label, with a warning', () => {
    const r = parseDockerTriggerLabels(
      {
        'image.openshift.io/triggers': '[{"from":{"kind":"ImageStreamTag","name":"a:1"}}]',
        'imagestreams.io/follow': 'b:2',
      },
      ctx,
    );
    expect(r.trigger?.from.stream).toBe('a');
    expect(r.warnings[0]?.field).toBe('imagestreams.io/follow');
  });

  it('keeps only the first of several matching triggers', () => {
    const r = parseDockerTriggerLabels(
      {
        'image.openshift.io/triggers':
          '[{"from":{"kind":"ImageStreamTag","name":"a:1"}},{"from":{"kind":"ImageStreamTag","name":"b:1"},"fieldPath":"containers[0].image"}]',
      },
      ctx,
    );
    expect(r.trigger?.from.stream).toBe('a');
    expect(r.warnings).toHaveLength(1);
  });
});
