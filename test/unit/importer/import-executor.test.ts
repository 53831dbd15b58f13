import { describe, expect, it } from 'vitest';
import type { Image, ImageStream } from '../../../src/api/types.js';
import { createRegistryAllowList } from '../../../src/importer/allowed-registries.js';
import { executeImport, type ImportExecutorOptions } from '../../../src/importer/import-executor.js';
import type { ImageStreamImportObject } from '../../../src/importer/import-types.js';
import { applyImport } from '../../../src/importer/merge-import.js';
import { FakeRegistry, FakeRegistryError } from './support/fake-registry.js';

const REG = 'reg.test:5000';

function isi(
  images: ImageStreamImportObject['spec']['images'],
  repository?: ImageStreamImportObject['spec']['repository'],
): ImageStreamImportObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: 'app', namespace: 'ns' },
    spec: { import: true, images, repository: repository ?? null },
  };
}

const tagImport = (tag: string, from = `${REG}/team/app:${tag}`, importPolicy = {}) =>
  isi([{ from: { kind: 'DockerImage', name: from }, to: { name: tag }, importPolicy }]);

/** Runs executor + merge like the route does, with a store of Images. */
async function run(
  registry: FakeRegistry,
  req: ImageStreamImportObject,
  stream: ImageStream | undefined,
  extra: Partial<ImportExecutorOptions> = {},
  now = new Date('2026-03-01T10:00:00Z'),
) {
  const store = (extra as { store?: Map<string, Image> }).store ?? new Map<string, Image>();
  const status = await executeImport(req, stream, {
    client: registry,
    findImage: async (d) => store.get(d),
    ...extra,
  });
  const result = applyImport(stream, req, status, { namespace: 'ns', now });
  for (const img of result.images) store.set(img.metadata.name, img);
  return { status, result, store };
}

describe('executeImport + applyImport', () => {
  it('imports a tag into a new stream: spec tag, history item by digest, Image with metadata', async () => {
    const r = new FakeRegistry();
    const digest = r.pushImage('reg.test:5000/team/app', '1.0', { env: ['A=1'], seed: 'a' });
    const { status, result } = await run(r, tagImport('1.0'), undefined);
    expect(status.images?.[0]?.status.status).toBe('Success');
    expect(status.images?.[0]?.image?.metadata.name).toBe(digest);
    expect(result.create).toBe(true);
    const s = result.stream;
    expect(s.metadata.generation).toBe(1);
    expect(s.metadata.annotations?.['openshift.io/image.dockerRepositoryCheck']).toBe('2026-03-01T10:00:00Z');
    expect(s.spec?.tags?.[0]).toMatchObject({
      name: '1.0',
      from: { kind: 'DockerImage', name: `${REG}/team/app:1.0` },
      generation: 1,
    });
    expect(s.status?.tags?.[0]).toEqual({
      tag: '1.0',
      items: [
        {
          created: '2026-03-01T10:00:00Z',
          dockerImageReference: `${REG}/team/app@${digest}`,
          image: digest,
          generation: 1,
        },
      ],
    });
    expect(result.images[0]?.dockerImageMetadata).toMatchObject({
      Config: { Env: ['A=1'], Labels: { seed: 'a' } },
    });
  });

  it('re-imports an unchanged tag with one HEAD and writes nothing', async () => {
    const r = new FakeRegistry();
    r.pushImage('reg.test:5000/team/app', '1.0', { seed: 'a' });
    const first = await run(r, tagImport('1.0'), undefined);
    r.calls = [];
    const again = await run(r, tagImport('1.0'), first.result.stream, {
      store: first.store,
    } as Partial<ImportExecutorOptions>);
    expect(r.calls.map((c) => c.op)).toEqual(['head']);
    expect(again.result.changed).toBe(false);
    expect(again.result.stream).toEqual(first.result.stream);
  });

  it('prepends a history item with a new generation when the tag moved', async () => {
    const r = new FakeRegistry();
    const d1 = r.pushImage('reg.test:5000/team/app', '1.0', { seed: 'a' });
    const first = await run(r, tagImport('1.0'), undefined);
    const d2 = r.pushImage('reg.test:5000/team/app', '1.0', { seed: 'b' });
    const second = await run(
      r,
      tagImport('1.0'),
      first.result.stream,
      { store: first.store } as Partial<ImportExecutorOptions>,
      new Date('2026-03-01T11:00:00Z'),
    );
    expect(second.result.changed).toBe(true);
    const items = second.result.stream.status?.tags?.[0]?.items ?? [];
    expect(items.map((i) => [i.image, i.generation])).toEqual([
      [d2, 2],
      [d1, 1],
    ]);
    expect(second.result.stream.metadata.generation).toBe(2);
    expect(second.result.stream.spec?.tags?.[0]?.generation).toBe(2);
  });

  it('records a failure as ImportSuccess=False, keeps history, and does not rewrite an identical failure', async () => {
    const r = new FakeRegistry();
    const d1 = r.pushImage('reg.test:5000/team/app', '1.0', { seed: 'a' });
    const first = await run(r, tagImport('1.0'), undefined);
    r.failWith['reg.test:5000/team/app'] = new FakeRegistryError('Unauthorized', 'HTTP 401');
    const failed = await run(r, tagImport('1.0'), first.result.stream);
    const tag = failed.result.stream.status?.tags?.[0];
    expect(tag?.items?.map((i) => i.image)).toEqual([d1]);
    expect(tag?.conditions).toEqual([
      {
        type: 'ImportSuccess',
        status: 'False',
        lastTransitionTime: '2026-03-01T10:00:00Z',
        reason: 'Unauthorized',
        message: `you may not have access to the container image "${REG}/team/app:1.0"`,
        generation: 2,
      },
    ]);
    const again = await run(r, tagImport('1.0'), failed.result.stream, {}, new Date('2026-03-01T12:00:00Z'));
    expect(again.result.changed).toBe(false);
    delete r.failWith['reg.test:5000/team/app'];
    const healed = await run(r, tagImport('1.0'), failed.result.stream);
    expect(healed.result.stream.status?.tags?.[0]?.conditions).toBeUndefined();
  });

  it('reports a missing tag as NotFound', async () => {
    const r = new FakeRegistry();
    r.pushImage('reg.test:5000/team/app', '1.0');
    const { status, result } = await run(r, tagImport('nope'), undefined);
    expect(status.images?.[0]?.status).toMatchObject({ status: 'Failure', reason: 'NotFound', code: 404 });
    expect(result.stream.status?.tags?.[0]?.conditions?.[0]?.reason).toBe('NotFound');
    expect(result.stream.spec?.tags?.[0]?.from?.name).toBe(`${REG}/team/app:nope`);
  });

  it('refuses a registry outside the allow-list without contacting it', async () => {
    const r = new FakeRegistry();
    const { status } = await run(r, tagImport('1.0'), undefined, {
      allowList: createRegistryAllowList(['quay.io']),
    });
    expect(status.images?.[0]?.status).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(r.calls).toEqual([]);
  });

  it('asks for insecure access only when the import policy allows it', async () => {
    const r = new FakeRegistry();
    r.pushImage('reg.test:5000/team/app', '1.0');
    await run(r, tagImport('1.0'), undefined);
    expect(r.calls.every((c) => !c.insecure)).toBe(true);
    r.calls = [];
    await run(r, tagImport('1.0', undefined, { insecure: true }), undefined);
    expect(r.calls.length).toBeGreaterThan(0);
    expect(r.calls.every((c) => c.insecure)).toBe(true);
  });

  it('retries a 401 anonymously once', async () => {
    const withCreds = new FakeRegistry();
    withCreds.failWith['*'] = new FakeRegistryError('Unauthorized');
    const anon = new FakeRegistry();
    const d = anon.pushImage('reg.test:5000/team/app', '1.0');
    const { status } = await run(withCreds, tagImport('1.0'), undefined, { anonymousClient: anon });
    expect(status.images?.[0]?.image?.metadata.name).toBe(d);
  });

  it('picks linux/amd64 from a manifest list in Legacy mode, or the prefer-arch annotation', async () => {
    const r = new FakeRegistry();
    const amd = r.pushImage('reg.test:5000/team/app', '', { arch: 'amd64', seed: 'm' });
    const arm = r.pushImage('reg.test:5000/team/app', '', { arch: 'arm64', seed: 'm' });
    r.pushIndex('reg.test:5000/team/app', 'multi', [
      { digest: arm, arch: 'arm64', os: 'linux' },
      { digest: amd, arch: 'amd64', os: 'linux' },
    ]);
    const legacy = await run(r, tagImport('multi'), undefined);
    expect(legacy.status.images?.[0]?.image?.metadata.name).toBe(amd);
    const stream = structuredClone(legacy.result.stream);
    stream.spec!.tags![0]!.annotations = { 'importer.image.openshift.io/prefer-arch': 'arm64' };
    const preferred = await run(r, tagImport('multi'), stream);
    expect(preferred.status.images?.[0]?.image?.metadata.name).toBe(arm);
  });

  it('keeps the whole list in PreserveOriginal mode and records its children', async () => {
    const r = new FakeRegistry();
    const amd = r.pushImage('reg.test:5000/team/app', '', { arch: 'amd64', seed: 'p' });
    const arm = r.pushImage('reg.test:5000/team/app', '', { arch: 'arm64', seed: 'p' });
    const list = r.pushIndex('reg.test:5000/team/app', 'multi', [
      { digest: amd, arch: 'amd64', os: 'linux' },
      { digest: arm, arch: 'arm64', os: 'linux' },
    ]);
    const { status, result } = await run(
      r,
      tagImport('multi', undefined, { importMode: 'PreserveOriginal' }),
      undefined,
    );
    const img = status.images?.[0]?.image;
    expect(img?.metadata.name).toBe(list);
    expect(img?.dockerImageManifests?.map((m) => [m.digest, m.architecture])).toEqual([
      [amd, 'amd64'],
      [arm, 'arm64'],
    ]);
    expect(result.images.map((i) => i.metadata.name).sort()).toEqual([amd, arm, list].sort());
    expect(result.stream.spec?.tags?.[0]?.importPolicy?.importMode).toBe('PreserveOriginal');
  });

  it('imports a repository in priority order up to the limit and lists the rest', async () => {
    const r = new FakeRegistry();
    for (const t of ['b', 'latest', '1.0', 'a']) r.pushImage('reg.test:5000/team/app', t, { seed: t });
    const req = isi([], { from: { kind: 'DockerImage', name: `${REG}/team/app` } });
    const { status, result } = await run(r, req, undefined, { maxTagsPerRepository: 3 });
    expect(status.repository?.images.map((i) => i.tag)).toEqual(['latest', '1.0', 'a']);
    expect(status.repository?.additionalTags).toEqual(['b']);
    expect(status.repository?.status.status).toBe('Success');
    expect(result.stream.spec?.tags?.map((t) => [t.name, t.from?.name])).toEqual([
      ['1.0', `${REG}/team/app:1.0`],
      ['a', `${REG}/team/app:a`],
      ['latest', `${REG}/team/app:latest`],
    ]);
  });

  it('moves tags that track the imported tag (aliases) with it', async () => {
    const r = new FakeRegistry();
    const d = r.pushImage('reg.test:5000/team/app', '1.0');
    const base = await run(r, tagImport('1.0'), undefined);
    const s = structuredClone(base.result.stream);
    s.spec!.tags!.push({
      name: 'stable',
      from: { kind: 'ImageStreamTag', name: 'app:1.0' },
      generation: 1,
    } as never);
    r.pushImage('reg.test:5000/team/app', '1.0', { seed: 'new' });
    const moved = await run(r, tagImport('1.0'), s);
    const stable = moved.result.stream.status?.tags?.find((t) => t.tag === 'stable');
    expect(stable?.items?.[0]?.image).not.toBe(d);
    expect(stable?.items?.[0]?.image).toBe(moved.status.images?.[0]?.image?.metadata.name);
  });

  it('reports an invalid source as Invalid on from.name', async () => {
    const r = new FakeRegistry();
    const { status } = await run(r, tagImport('x', 'Bad/Name'), undefined);
    expect(status.images?.[0]?.status).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(status.images?.[0]?.status.message).toContain('from.name');
  });
});
