import { describe, expect, it } from 'vitest';
import {
  groupFollowers,
  type FollowerContainer,
} from '../../../../../src/triggers/targets/docker/discover.js';

function c(name: string, labels: Record<string, string>): FollowerContainer {
  return {
    id: `id-${name}`,
    name,
    labels,
    state: 'running',
    pinned: labels['imagestreams.io/pinned'] === 'true',
  };
}
const compose = (svc: string) => ({
  'com.docker.compose.project': 'shop',
  'com.docker.compose.service': svc,
});

describe('groupFollowers', () => {
  it('groups by Compose project and service, sorted by name, others alone', () => {
    const groups = groupFollowers([
      c('shop-web-2', { ...compose('web'), 'imagestreams.io/follow': 'app:latest' }),
      c('solo', { 'imagestreams.io/follow': 'prod/db:1' }),
      c('shop-web-1', { ...compose('web'), 'imagestreams.io/follow': 'app:latest' }),
    ]);
    expect(groups.map((g) => [g.key, g.containers.map((x) => x.name)])).toEqual([
      ['docker:compose/shop/web', ['shop-web-1', 'shop-web-2']],
      ['docker:container/solo', ['solo']],
    ]);
    expect(groups[1]?.trigger?.from).toEqual({ namespace: 'prod', stream: 'db', tag: '1' });
  });

  it('warns when containers of one service follow different tags', () => {
    const [g] = groupFollowers([
      c('shop-web-1', { ...compose('web'), 'imagestreams.io/follow': 'app:latest' }),
      c('shop-web-2', { ...compose('web'), 'imagestreams.io/follow': 'app:canary' }),
    ]);
    expect(g?.trigger?.from.tag).toBe('latest');
    expect(g?.warnings[0]?.message).toContain('shop-web-2 declares a different trigger');
  });

  it('carries label warnings prefixed with the container name', () => {
    const [g] = groupFollowers([c('solo', { 'imagestreams.io/follow': 'app' })]);
    expect(g?.trigger).toBeUndefined();
    expect(g?.warnings[0]?.message).toMatch(/^solo: /);
  });

  it('marks pinned containers', () => {
    const [g] = groupFollowers([
      c('solo', { 'imagestreams.io/follow': 'app:1', 'imagestreams.io/pinned': 'true' }),
    ]);
    expect(g?.containers[0]?.pinned).toBe(true);
  });

  it("reads the rollout gates from the group's first container, warning about a malformed one by label", () => {
    const [group] = groupFollowers([
      c('shop-web-2', { ...compose('web'), 'imagestreams.io/follow': 'app:latest' }),
      c('shop-web-1', {
        ...compose('web'),
        'imagestreams.io/follow': 'app:latest',
        'imagestreams.io/approval': 'required',
        'imagestreams.io/rollout-window': 'Sat 01:00-05:00 Mars/Base',
      }),
    ]);
    expect(group?.gates.approval).toBe(true);
    expect(group?.gates.invalid?.field).toBe('imagestreams.io/rollout-window');
    expect(group?.warnings).toEqual([
      {
        index: undefined,
        field: 'imagestreams.io/rollout-window',
        message: 'shop-web-1: label imagestreams.io/rollout-window: "Mars/Base" is not an IANA time zone',
      },
    ]);
  });
});
