import { describe, expect, it } from 'vitest';
import {
  MalformedEnvelopeError,
  parseRegistryEnvelope,
  streamOfRepository,
} from '../../../src/integrated-registry/events.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const at = new Date('2026-01-01T00:00:00Z');
const manifestPush = (target: Record<string, unknown>) => ({
  action: 'push',
  target: {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: DIGEST,
    repository: 'ns/app',
    ...target,
  },
});

describe('parseRegistryEnvelope', () => {
  it('returns manifest pushes with their tag, and pushes by digest without one', () => {
    const pushes = parseRegistryEnvelope({ events: [manifestPush({ tag: 'v1' }), manifestPush({})] }, at);
    expect(pushes).toEqual([
      {
        repository: 'ns/app',
        tag: 'v1',
        digest: DIGEST,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        receivedAt: at,
      },
      {
        repository: 'ns/app',
        digest: DIGEST,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        receivedAt: at,
      },
    ]);
  });

  it('drops blob pushes, pulls, deletes, events without a digest and unreadable events', () => {
    const pushes = parseRegistryEnvelope(
      {
        events: [
          manifestPush({ mediaType: 'application/octet-stream' }),
          { ...manifestPush({}), action: 'pull' },
          { ...manifestPush({}), action: 'delete' },
          manifestPush({ digest: 'not-a-digest' }),
          { action: 'push' },
          'nonsense',
        ],
      },
      at,
    );
    expect(pushes).toEqual([]);
  });

  it('refuses a body that is not an envelope', () => {
    expect(() => parseRegistryEnvelope({ event: [] }, at)).toThrow(MalformedEnvelopeError);
  });
});

describe('streamOfRepository', () => {
  it('maps NAMESPACE/STREAM to the stream', () => {
    expect(streamOfRepository('team-a/app')).toEqual({ namespace: 'team-a', stream: 'app' });
  });

  it.each(['app', 'a/b/c', 'Team/app', 'ns/App', '-ns/app'])('gives a reason for %s', (repository) => {
    expect(streamOfRepository(repository)).toHaveProperty('reason');
  });
});
