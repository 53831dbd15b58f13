/**
 * Scheduled checks never share a registry answer across namespaces: each namespace's tags form
 * their own group, whose HEAD carries that namespace's credentials, and the memoized HEAD is
 * keyed by the credentials' scope.
 */
import { describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../../src/api/types.js';
import { headMemoKey, memoizingClient } from '../../../../src/importer/schedule/head-memo.js';
import { scheduledTargets } from '../../../../src/importer/schedule/scheduled-targets.js';
import type { ImportRegistryClient } from '../../../../src/importer/resolve-image.js';
import { namespaceCredentials } from '../../../../src/credentials/pull-secrets.js';

function stream(namespace: string): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'app', namespace },
    spec: {
      tags: [
        {
          name: 'latest',
          from: { kind: 'DockerImage', name: 'reg.example/team/app:latest' },
          importPolicy: { scheduled: true },
        },
      ],
    },
  } as unknown as ImageStream;
}

describe('scheduled checks and credentials', () => {
  it('groups the same reference separately per namespace', () => {
    const [a] = scheduledTargets(stream('a'));
    const [b] = scheduledTargets(stream('b'));
    const [a2] = scheduledTargets({ ...stream('a'), metadata: { name: 'other', namespace: 'a' } });
    expect(a?.groupKey).toBeDefined();
    expect(a?.groupKey).not.toBe(b?.groupKey);
    expect(a?.groupKey).toBe(a2?.groupKey);
  });

  it("answers a HEAD from the memo only for the same namespace's credentials", async () => {
    const repo = { registry: 'reg.example', repository: 'team/app' };
    const memo = new Map();
    const shared = Promise.resolve({ digest: 'sha256:shared', mediaType: 'x', size: 1 });
    memo.set(headMemoKey(repo, 'latest', false, namespaceCredentials('a', [], {}).scope), shared);
    const asked: string[] = [];
    const base = {
      headManifest: async () => {
        asked.push('head');
        return { digest: 'sha256:own', mediaType: 'x', size: 1 };
      },
    } as unknown as ImportRegistryClient;
    const client = memoizingClient(base, memo);
    const fromA = await client.headManifest(repo, 'latest', {
      insecure: false,
      credentials: namespaceCredentials('a', [], {}),
    });
    const fromB = await client.headManifest(repo, 'latest', {
      insecure: false,
      credentials: namespaceCredentials('b', [], {}),
    });
    expect(fromA.digest).toBe('sha256:shared');
    expect(fromB.digest).toBe('sha256:own');
    expect(asked).toEqual(['head']);
  });
});
