import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/until.js';
import { createImportLanes, laneOf, splitByRegistry } from '../../../src/importer/import-lanes.js';
import type { ImageStreamImportObject } from '../../../src/importer/import-types.js';

const image = (name: string) => ({
  from: { kind: 'DockerImage', name },
  to: { name: name.split(':').pop() ?? '' },
});

describe('import lanes', () => {
  it('names a lane by the canonical registry', () => {
    expect(laneOf('nginx:1')).toBe('docker.io');
    expect(laneOf('registry-1.docker.io/library/nginx:1')).toBe('docker.io');
    expect(laneOf('quay.io/a/b:1')).toBe('quay.io');
    expect(laneOf('127.0.0.1:5000/a:1')).toBe('127.0.0.1:5000');
    expect(laneOf('not a reference')).toBe('');
  });

  it("splits a stream's request by registry, keeping its metadata", () => {
    const isi: ImageStreamImportObject = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'app', resourceVersion: '7' },
      spec: {
        import: true,
        images: [image('quay.io/a/b:1'), image('nginx:2'), image('quay.io/a/c:3')],
        repository: { from: { kind: 'DockerImage', name: 'docker.io/library/nginx' } },
      },
    };
    const parts = splitByRegistry(isi);
    expect([...parts.keys()].sort()).toEqual(['docker.io', 'quay.io']);
    expect(parts.get('quay.io')?.spec.images?.map((i) => i.from.name)).toEqual([
      'quay.io/a/b:1',
      'quay.io/a/c:3',
    ]);
    expect(parts.get('quay.io')?.spec.repository).toBeUndefined();
    expect(parts.get('docker.io')?.spec.repository?.from.name).toBe('docker.io/library/nginx');
    expect(parts.get('docker.io')?.metadata.resourceVersion).toBe('7');
  });

  it('a lane whose workers are all busy does not hold another lane', async () => {
    const release: (() => void)[] = [];
    const done: string[] = [];
    const lanes = createImportLanes(
      async (registry, key) => {
        if (registry === 'slow') await new Promise<void>((r) => release.push(r));
        done.push(`${registry}/${key}`);
      },
      { concurrencyPerRegistry: 2 },
    );
    for (const k of ['a', 'b', 'c', 'd']) lanes.add('slow', k);
    lanes.add('fast', 'x');
    await eventually(() => done.length > 0);
    expect(done).toEqual(['fast/x']);
    expect(release).toHaveLength(2);
    while (release.length > 0) release.shift()?.();
    await eventually(() => release.length > 0);
    while (release.length > 0) release.shift()?.();
    await lanes.idle();
    expect(done).toHaveLength(5);
    await lanes.shutDown();
  });
});
