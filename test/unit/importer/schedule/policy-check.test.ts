/**
 * Scheduled checks of tags following a policy: one group per repository and policy, and each
 * check imports (the import lists the tags) instead of sending a HEAD for `:latest`.
 */
import { describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../../src/api/types.js';
import { checkGroup } from '../../../../src/importer/schedule/check-group.js';
import type { Group } from '../../../../src/importer/schedule/group-scheduler.js';
import { scheduledTargets } from '../../../../src/importer/schedule/scheduled-targets.js';
import type { ImportService } from '../../../../src/importer/import-service.js';
import type { ImageStreamImportObject } from '../../../../src/importer/import-types.js';
import type { Store } from '../../../../src/store/store.js';

function stream(name: string, annotations?: Record<string, string>): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: 'ns', resourceVersion: '1' },
    spec: {
      tags: [
        {
          name: 'stable',
          ...(annotations ? { annotations } : {}),
          from: { kind: 'DockerImage', name: 'reg.example/team/app' },
          importPolicy: { scheduled: true },
        },
      ],
    },
  } as unknown as ImageStream;
}

const semver = { 'imagestreams.io/semver': '^1' };

describe('scheduled checks of tags following a policy', () => {
  it('groups by repository and policy, apart from the plain :latest followers', () => {
    const [a] = scheduledTargets(stream('a', semver));
    const [b] = scheduledTargets(stream('b', semver));
    const [other] = scheduledTargets(stream('c', { 'imagestreams.io/semver': '^2' }));
    const [plain] = scheduledTargets(stream('d'));
    expect(a?.followsPolicy).toBe(true);
    expect(a?.groupKey).toBe(b?.groupKey);
    expect(a?.groupKey).not.toBe(other?.groupKey);
    expect(plain?.followsPolicy).toBeUndefined();
    expect(a?.groupKey).not.toBe(plain?.groupKey);
  });

  it('imports every member without a HEAD', async () => {
    const streams = new Map([
      ['a', stream('a', semver)],
      ['b', stream('b', semver)],
    ]);
    const members = [...streams.values()].flatMap((s) => scheduledTargets(s));
    const imported: string[] = [];
    const heads: string[] = [];
    const outcome = await checkGroup(
      { members: new Map(members.map((m) => [m.key, m])) } as unknown as Group,
      {
        store: {
          get: async (_t: unknown, _ns: string, name: string) => streams.get(name),
        } as unknown as Store,
        client: {
          headManifest: async (_r, ref) => (heads.push(ref), { digest: 'x', mediaType: 'x', size: 1 }),
        },
        service: {
          importImages: async (_ns: string, isi: ImageStreamImportObject) => {
            imported.push(`${isi.metadata.name}:${isi.spec.images?.[0]?.from.name}`);
            return { ...isi, status: { images: [] } };
          },
        } as unknown as ImportService,
        memo: new Map(),
        confirmed: new Map(),
      },
    );
    expect(heads).toEqual([]);
    expect(imported).toEqual(['a:reg.example/team/app', 'b:reg.example/team/app']);
    expect(outcome.result).toBe('unchanged');
  });
});
