import { describe, expect, it } from 'vitest';
import {
  imageChangeRequest,
  replacesBaseImage,
  shouldFire,
  withTriggered,
} from '../../../src/builds/image-change-decision.js';
import type { BuildConfig, BuildRequest } from '../../../src/builds/schema.js';

const bc = (status?: BuildConfig['status']): BuildConfig =>
  ({
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name: 'web', namespace: 'ns' },
    spec: {
      source: {},
      strategy: { dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } } },
      triggers: [
        { type: 'ImageChange', imageChange: { from: { kind: 'ImageStreamTag', name: 'tools:latest' } } },
      ],
    },
    ...(status ? { status } : {}),
  }) as BuildConfig;
const tools = { namespace: 'ns', name: 'tools:latest' };
const base = { namespace: 'ns', name: 'base:latest' };
const request = (r: Partial<BuildRequest>): BuildRequest =>
  ({
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildRequest',
    metadata: { name: 'web' },
    ...r,
  }) as BuildRequest;

describe('ImageChange trigger decision', () => {
  it('fires for an image the trigger has not started a build for, once', () => {
    expect(shouldFire(bc(), tools, 'r@sha256:1')).toBe(true);
    const seen = bc({
      imageChangeTriggers: [{ from: { name: 'tools:latest' }, lastTriggeredImageID: 'r@sha256:1' }],
    });
    expect(shouldFire(seen, tools, 'r@sha256:1')).toBe(false);
    expect(shouldFire(seen, tools, 'r@sha256:2')).toBe(true);
    // another tag's record is not this trigger's
    expect(shouldFire(seen, base, 'r@sha256:1')).toBe(true);
    expect(shouldFire(seen, { namespace: 'other', name: 'tools:latest' }, 'r@sha256:1')).toBe(true);
  });

  it("replaces the base image only for the strategy's own tag", () => {
    expect(replacesBaseImage(bc(), request(imageChangeRequest(tools, 'r@sha256:1')))).toBe(false);
    expect(replacesBaseImage(bc(), request(imageChangeRequest(base, 'r@sha256:1')))).toBe(true);
    expect(
      replacesBaseImage(bc(), request({ triggeredByImage: { kind: 'DockerImage', name: 'r@sha256:1' } })),
    ).toBe(true);
    expect(replacesBaseImage(bc(), request({}))).toBe(false);
  });

  it('records the image for its tag alone, replacing the older record', () => {
    const entries = [
      { from: { name: 'tools:latest' }, lastTriggeredImageID: 'r@sha256:1' },
      { from: { name: 'base:latest' }, lastTriggeredImageID: 'b@sha256:1' },
    ];
    expect(withTriggered(bc(), entries, tools, 'r@sha256:2', 'T')).toEqual([
      { from: { name: 'base:latest' }, lastTriggeredImageID: 'b@sha256:1' },
      { from: { name: 'tools:latest' }, lastTriggeredImageID: 'r@sha256:2', lastTriggerTime: 'T' },
    ]);
    expect(withTriggered(bc(), [], { namespace: 'other', name: 'x:1' }, 'i', 'T')).toEqual([
      { from: { name: 'x:1', namespace: 'other' }, lastTriggeredImageID: 'i', lastTriggerTime: 'T' },
    ]);
  });
});
