import { describe, expect, it } from 'vitest';
import { parseDistributionNotification } from '../../../src/notifications/inbound/distribution.js';
import { parseDockerHubWebhook } from '../../../src/notifications/inbound/dockerhub.js';
import { parseGitHubWebhook } from '../../../src/notifications/inbound/github.js';
import { parseHarborWebhook } from '../../../src/notifications/inbound/harbor.js';
import { MalformedPayloadError } from '../../../src/notifications/inbound/push-event.js';
import { parseQuayNotification } from '../../../src/notifications/inbound/quay.js';
import {
  AT,
  D1,
  D2,
  distributionEnvelope,
  distributionPush,
  dockerHubPayload,
  githubPackagePayload,
  harborPayload,
  quayPayload,
} from './fixtures.js';

describe('distribution notifications', () => {
  it('turns a tagged manifest push into a push event with the request host, tag and digest', () => {
    const events = parseDistributionNotification(
      distributionEnvelope([distributionPush('team/app', 'latest')]),
      { receivedAt: AT },
    );
    expect(events).toEqual([
      {
        registryHost: '127.0.0.1:5000',
        repository: 'team/app',
        tag: 'latest',
        digest: D1,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        source: 'distribution',
        receivedAt: AT,
      },
    ]);
  });

  it('prefers the configured registry host over the host the pusher used', () => {
    const [event] = parseDistributionNotification(
      distributionEnvelope([distributionPush('team/app', 'latest')]),
      { receivedAt: AT, registryHost: 'registry.local:5000' },
    );
    expect(event?.registryHost).toBe('registry.local:5000');
  });

  it('ignores blob pushes, pulls, deletes and mounts', () => {
    const blob = distributionPush('team/app', undefined);
    (blob.target as Record<string, unknown>).mediaType = 'application/octet-stream';
    const events = parseDistributionNotification(
      distributionEnvelope([
        blob,
        { ...distributionPush('team/app', 'latest'), action: 'pull' },
        { ...distributionPush('team/app', 'x'), action: 'delete' },
        { ...distributionPush('team/app', 'y'), action: 'mount' },
      ]),
      { receivedAt: AT },
    );
    expect(events).toEqual([]);
  });

  it('keeps a push by digest (no tag) and OCI index pushes', () => {
    const index = distributionPush('team/app', 'multi');
    (index.target as Record<string, unknown>).mediaType = 'application/vnd.oci.image.index.v1+json';
    const events = parseDistributionNotification(
      distributionEnvelope([distributionPush('team/app', undefined), index]),
      { receivedAt: AT },
    );
    expect(events.map((e) => e.tag)).toEqual([undefined, 'multi']);
  });

  it('skips an unreadable event without losing the others', () => {
    const events = parseDistributionNotification(
      distributionEnvelope([{ action: 'push' }, distributionPush('team/app', 'v1')]),
      { receivedAt: AT },
    );
    expect(events.map((e) => e.tag)).toEqual(['v1']);
  });

  it('rejects a body without an events list as malformed', () => {
    expect(() => parseDistributionNotification({ event: [] }, { receivedAt: AT })).toThrow(
      MalformedPayloadError,
    );
    expect(() => parseDistributionNotification('nope', { receivedAt: AT })).toThrow(MalformedPayloadError);
  });
});

describe('Docker Hub webhooks', () => {
  it('names docker.io and the repository of the push', () => {
    expect(parseDockerHubWebhook(dockerHubPayload('someone/app', 'v3'), AT)).toEqual([
      {
        registryHost: 'docker.io',
        repository: 'someone/app',
        tag: 'v3',
        source: 'dockerhub',
        receivedAt: AT,
      },
    ]);
  });

  it('adds library/ to an official one-component repository name', () => {
    expect(parseDockerHubWebhook(dockerHubPayload('nginx', 'latest'), AT)[0]?.repository).toBe(
      'library/nginx',
    );
  });

  it('rejects a payload without repository.repo_name', () => {
    expect(() => parseDockerHubWebhook({ push_data: { tag: 'x' }, repository: {} }, AT)).toThrow(
      MalformedPayloadError,
    );
  });
});

describe('Quay notifications', () => {
  it('yields one push per updated tag of docker_url', () => {
    const events = parseQuayNotification(quayPayload(['latest', 'v1']), AT);
    expect(events).toEqual([
      { registryHost: 'quay.io', repository: 'team/app', tag: 'latest', source: 'quay', receivedAt: AT },
      { registryHost: 'quay.io', repository: 'team/app', tag: 'v1', source: 'quay', receivedAt: AT },
    ]);
  });

  it('reads the old tag -> id map and keeps only ids that are digests', () => {
    const events = parseQuayNotification(
      quayPayload({ latest: D2, old: 'b750fe79269d2ec9a3c593ef05b4332b1d1a02a62b4accb2c21d589ff2f5f2dc' }),
      AT,
    );
    expect(events.map((e) => [e.tag, e.digest])).toEqual([
      ['latest', D2],
      ['old', undefined],
    ]);
  });

  it('yields nothing for a notification without updated tags', () => {
    const payload = quayPayload([]);
    delete payload.updated_tags;
    expect(parseQuayNotification(payload, AT)).toEqual([]);
  });

  it('rejects a payload without docker_url', () => {
    expect(() => parseQuayNotification({ repository: 'team/app' }, AT)).toThrow(MalformedPayloadError);
  });
});

describe('Harbor webhooks', () => {
  it('turns PUSH_ARTIFACT resources into pushes on the host of resource_url', () => {
    expect(parseHarborWebhook(harborPayload(), AT)).toEqual([
      {
        registryHost: 'harbor.example.com',
        repository: 'library/app',
        tag: 'v1',
        digest: D1,
        source: 'harbor',
        receivedAt: AT,
      },
    ]);
  });

  it('ignores other event types', () => {
    expect(parseHarborWebhook(harborPayload('PULL_ARTIFACT'), AT)).toEqual([]);
  });

  it('rejects a payload without a type', () => {
    expect(() => parseHarborWebhook({ event_data: {} }, AT)).toThrow(MalformedPayloadError);
  });
});

describe('GitHub package webhooks', () => {
  it('turns a published container version into a ghcr.io push with tag and digest', () => {
    expect(parseGitHubWebhook('package', githubPackagePayload(), AT)).toEqual([
      {
        registryHost: 'ghcr.io',
        repository: 'octo-org/app',
        tag: 'v2',
        digest: D1,
        source: 'github',
        receivedAt: AT,
      },
    ]);
  });

  it('reads the registry_package event the same way', () => {
    const payload = githubPackagePayload();
    const body = { action: 'published', registry_package: payload.package };
    expect(parseGitHubWebhook('registry_package', body, AT)[0]?.tag).toBe('v2');
  });

  it('falls back to namespace/name when there is no package_url', () => {
    const payload = githubPackagePayload();
    const version = (payload.package as Record<string, Record<string, unknown>>).package_version!;
    delete version.package_url;
    expect(parseGitHubWebhook('package', payload, AT)[0]).toMatchObject({
      registryHost: 'ghcr.io',
      repository: 'octo-org/app',
      tag: 'v2',
    });
  });

  it('ignores other actions, other package types and other events', () => {
    expect(parseGitHubWebhook('package', githubPackagePayload('updated'), AT)).toEqual([]);
    expect(parseGitHubWebhook('package', githubPackagePayload('published', 'npm'), AT)).toEqual([]);
    expect(parseGitHubWebhook('ping', { zen: 'hi' }, AT)).toEqual([]);
  });

  it('rejects a package event without an action', () => {
    expect(() => parseGitHubWebhook('package', { package: {} }, AT)).toThrow(MalformedPayloadError);
  });
});
