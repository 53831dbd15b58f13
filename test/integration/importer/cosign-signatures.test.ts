/**
 * Cosign signature verification inside the real API server against the real docker-registry:
 * images signed exactly as `cosign sign --key` signs them (test/support/registry/cosign.ts) move
 * a tag of a stream carrying `imagestreams.io/verify-cosign-key`; an unsigned push, a payload for
 * another digest or repository, a wrong key and a truncated signature leave the last good image,
 * with ImportSuccess=False (SignatureMissing / SignatureInvalid) and a Warning Event. The
 * server's per-namespace keys (--cosign-keys-file) apply to streams without the annotation.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerExtension, parseCosignKeysFile } from '../../../src/importer/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import {
  cosignKeyPair,
  cosignLayer,
  pushCosignSignatures,
  type CosignKeyPair,
} from '../../support/registry/cosign.js';
import {
  notifyServer,
  pushImage,
  pushManifest,
  startRegistry,
  type TestRegistry,
} from '../../support/registry/index.js';
import { notificationsExtensionFromSettings } from '../../../src/notifications/serve-extension.js';
import { until } from '../../support/until.js';
import { signatureApi, type StreamWithTags } from '../../support/registry/signature-api.js';

const ANNOTATION = 'imagestreams.io/verify-cosign-key';

/** POSTs a stream with the key annotation (when given) and spec tags following `from` references. */
function postStream(
  serverUrl: string,
  name: string,
  pem: string | undefined,
  tags: Record<string, string> = {},
) {
  return fetch(`${serverUrl}/apis/image.openshift.io/v1/namespaces/default/imagestreams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name, ...(pem ? { annotations: { [ANNOTATION]: pem } } : {}) },
      spec: {
        tags: Object.entries(tags).map(([tag, from]) => ({
          name: tag,
          from: { kind: 'DockerImage', name: from },
          importPolicy: { insecure: true },
        })),
      },
    }),
  });
}

describe('cosign signatures in the importer', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;
  const key: CosignKeyPair = cosignKeyPair();
  const other: CosignKeyPair = cosignKeyPair();
  const nsKey: CosignKeyPair = cosignKeyPair();
  const api = (ns: string) => `${server.url}/apis/image.openshift.io/v1/namespaces/${ns}`;
  const call = (method: string, url: string, body?: unknown) =>
    fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const { streamOf, tagOf, warnings, importTag, firstWarnings } = signatureApi(
    () => server.url,
    () => registry.host,
  );
  const createStream = (name: string, pem: string | undefined) => postStream(server.url, name, pem);
  /** pushes a new image to repo:tag and signs it with `layers` (none: unsigned) */
  const pushSigned = async (
    repo: string,
    tag: string,
    layers: (digest: string) => Parameters<typeof pushCosignSignatures>[3],
  ) => {
    const pushed = await pushImage(registry, repo, tag);
    const l = layers(pushed.digest);
    if (l.length > 0) await pushCosignSignatures(registry, repo, pushed.digest, l);
    return pushed.digest;
  };
  const good = (repo: string) => (digest: string) => [
    cosignLayer(key.privateKey, { dockerReference: `${registry.host}/${repo}`, digest }),
  ];

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'cosign-'));
    const cosignKeys = parseCosignKeysFile(`prod: |\n${nsKey.publicPem.replace(/^/gm, '  ')}`);
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        importerExtension({
          cosignKeys,
          schedule: {
            intervalMs: 1000,
            tagBackoff: { baseMs: 300, maxMs: 1000 },
            registryBackoff: { baseMs: 300, maxMs: 1000 },
            checkpointEveryMs: 500,
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await server?.close();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('moves the tag to a digest signed with the stream key, and keeps it through an unsigned push', async () => {
    expect((await createStream('app', key.publicPem)).status).toBe(201);
    const signed = await pushSigned('team/app', 'latest', good('team/app'));
    const first = await importTag('app', 'team/app', 'latest');
    expect(first?.items?.[0]?.image).toBe(signed);
    expect(first?.conditions ?? []).toEqual([]);

    const unsigned = await pushSigned('team/app', 'latest', () => []);
    const after = await importTag('app', 'team/app', 'latest');
    expect(after?.items?.map((i) => i.image)).toEqual([signed]);
    expect(after?.conditions?.[0]).toMatchObject({
      type: 'ImportSuccess',
      status: 'False',
      reason: 'SignatureMissing',
    });
    expect(after?.conditions?.[0]?.message).toContain(unsigned);
    const events = await firstWarnings('app');
    expect(events[0]).toMatchObject({ reason: 'SignatureMissing' });
    expect(events[0]?.message).toContain('app:latest');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /^imagestreams_imports_total\{result="failure",reason="SignatureMissing"\} [1-9]/m,
    );

    // signed afterwards (cosign sign after docker push): the next import moves the tag
    await pushCosignSignatures(registry, 'team/app', unsigned, good('team/app')(unsigned));
    const later = await importTag('app', 'team/app', 'latest');
    expect(later?.items?.[0]?.image).toBe(unsigned);
    expect(later?.conditions ?? []).toEqual([]);
  });

  const refusals: [string, (repo: string, digest: string) => ReturnType<typeof cosignLayer>[], RegExp][] = [
    [
      'a payload for another digest',
      (repo) => [
        cosignLayer(key.privateKey, {
          dockerReference: `${registry.host}/${repo}`,
          digest: `sha256:${'ab'.repeat(32)}`,
        }),
      ],
      /another image/,
    ],
    [
      'a payload for another repository',
      (_repo, digest) => [
        cosignLayer(key.privateKey, { dockerReference: `${registry.host}/team/other`, digest }),
      ],
      /another repository/,
    ],
    [
      'a signature by another key',
      (repo, digest) => [
        cosignLayer(other.privateKey, { dockerReference: `${registry.host}/${repo}`, digest }),
      ],
      /does not verify/,
    ],
    [
      'a truncated signature',
      (repo, digest) => [
        cosignLayer(key.privateKey, { dockerReference: `${registry.host}/${repo}`, digest }, (s) =>
          Buffer.from(s, 'base64').subarray(0, 40).toString('base64'),
        ),
      ],
      /does not verify/,
    ],
  ];

  it.each(refusals)(
    'refuses %s: SignatureInvalid, the last good image kept, a Warning',
    async (_what, layers, message) => {
      const name = `refuse-${refusals.findIndex((r) => r[0] === _what)}`;
      const repo = `team/${name}`;
      expect((await createStream(name, key.publicPem)).status).toBe(201);
      const signed = await pushSigned(repo, 'v1', good(repo));
      expect((await importTag(name, repo, 'v1'))?.items?.[0]?.image).toBe(signed);
      await pushSigned(repo, 'v1', (digest) => layers(repo, digest));
      const tag = await importTag(name, repo, 'v1');
      expect(tag?.items?.map((i) => i.image)).toEqual([signed]);
      expect(tag?.conditions?.[0]).toMatchObject({ status: 'False', reason: 'SignatureInvalid' });
      expect(tag?.conditions?.[0]?.message).toMatch(message);
      const w = await firstWarnings(name);
      expect(w[0]?.reason).toBe('SignatureInvalid');
    },
  );

  it('a second refused check of the same digest writes no new stream version and no second Event', async () => {
    const before = await streamOf('app');
    await pushSigned('team/app', 'latest', () => []);
    await importTag('app', 'team/app', 'latest');
    const once = await streamOf('app');
    const eventsOnce = (await warnings('app')).length;
    await importTag('app', 'team/app', 'latest');
    expect((await streamOf('app')).metadata.resourceVersion).toBe(once.metadata.resourceVersion);
    expect((await warnings('app')).length).toBe(eventsOnce);
    expect(once.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
  });

  it('applies the namespace key of --cosign-keys-file to streams without the annotation', async () => {
    const repo = 'prod/api';
    const byNamespaceKey = await pushSigned(repo, 'v1', (digest) => [
      cosignLayer(nsKey.privateKey, { dockerReference: `${registry.host}/${repo}`, digest }),
    ]);
    expect((await importTag('api', repo, 'v1', 'prod'))?.items?.[0]?.image).toBe(byNamespaceKey);
    await pushSigned(repo, 'v1', good(repo)); // the stream key of another stream is no key here
    const tag = await importTag('api', repo, 'v1', 'prod');
    expect(tag?.items?.map((i) => i.image)).toEqual([byNamespaceKey]);
    expect(tag?.conditions?.[0]?.reason).toBe('SignatureInvalid');
    // another namespace has no key: unsigned images move its tags as before
    const plain = await pushSigned('dev/api', 'v1', () => []);
    expect((await importTag('api', 'dev/api', 'v1', 'dev'))?.items?.[0]?.image).toBe(plain);
  });

  it('the tag import controller verifies too: a spec tag of an unsigned image is not imported', async () => {
    await pushSigned('team/ctl', 'v1', () => []);
    const res = await postStream(server.url, 'ctl', key.publicPem, { v1: `${registry.host}/team/ctl:v1` });
    expect(res.status).toBe(201);
    const tag = await until(
      'the controller to record the refusal',
      async () => {
        const t = await tagOf('ctl', 'v1');
        return t?.conditions?.[0] ? t : undefined;
      },
      10_000,
    );
    expect(tag.conditions?.[0]?.reason).toBe('SignatureMissing');
    expect(tag.items ?? []).toEqual([]);
  });

  it('scheduled checks verify too: an unsigned push waits, the tag moves once the digest is signed', async () => {
    expect((await createStream('sched', key.publicPem)).status).toBe(201);
    const signed = await pushSigned('team/sched', 'latest', good('team/sched'));
    expect((await importTag('sched', 'team/sched', 'latest', 'default', true))?.items?.[0]?.image).toBe(
      signed,
    );
    const unsigned = await pushSigned('team/sched', 'latest', () => []);
    const refused = await until(
      'a scheduled check to refuse the unsigned digest',
      async () => {
        const t = await tagOf('sched', 'latest');
        return t?.conditions?.[0]?.reason === 'SignatureMissing' ? t : undefined;
      },
      10_000,
    );
    expect(refused.items?.map((i) => i.image)).toEqual([signed]);
    await pushCosignSignatures(registry, 'team/sched', unsigned, good('team/sched')(unsigned));
    const moved = await until(
      'a scheduled check to move the tag',
      async () => {
        const t = await tagOf('sched', 'latest');
        return t?.items?.[0]?.image === unsigned ? t : undefined;
      },
      10_000,
    );
    expect(moved.conditions ?? []).toEqual([]);
  }, 30_000);

  it('a repository import moves only signed tags and leaves the .sig tags of cosign out', async () => {
    const repo = 'team/all';
    expect((await createStream('all', key.publicPem)).status).toBe(201);
    const signed = await pushSigned(repo, 'v1', good(repo));
    await pushSigned(repo, 'v2', () => []);
    const res = await call('POST', `${api('default')}/imagestreamimports`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'all' },
      spec: {
        import: true,
        repository: {
          from: { kind: 'DockerImage', name: `${registry.host}/${repo}` },
          importPolicy: { insecure: true },
        },
      },
    });
    expect(res.status).toBeLessThan(300);
    const tags = (await streamOf('all')).status?.tags ?? [];
    expect(tags.map((t) => t.tag)).toEqual(['v1', 'v2']);
    expect(tags[0]?.items?.[0]?.image).toBe(signed);
    expect(tags[1]?.items ?? []).toEqual([]);
    expect(tags[1]?.conditions?.[0]?.reason).toBe('SignatureMissing');
  });

  it('refuses a stream whose annotation is not a public key with 422 naming it, on create and on update', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const bad of [privatePem, 'not a key', key.publicPem.replace(/\n.{20}/, '\n')]) {
      const res = await createStream('badkey', bad);
      expect(res.status).toBe(422);
      const status = (await res.json()) as { details: { causes: { field: string; message: string }[] } };
      expect(status.details.causes.map((c) => c.field)).toContain(`metadata.annotations[${ANNOTATION}]`);
      // key material is never echoed back
      expect(JSON.stringify(status)).not.toContain(privatePem.split('\n')[1]);
    }
    expect((await createStream('goodkey', key.publicPem)).status).toBe(201);
    const patch = await fetch(`${api('default')}/imagestreams/goodkey`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { annotations: { [ANNOTATION]: privatePem } } }),
    });
    expect(patch.status).toBe(422);
  });
});

describe('cosign signatures on registry push notifications', () => {
  const TOKEN = 'cosign-notify-token';
  const key = cosignKeyPair();
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;
  const tagOf = async () =>
    (
      (await (
        await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/default/imagestreams/pushed`)
      ).json()) as StreamWithTags
    ).status?.tags?.find((t) => t.tag === 'latest');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosign-notify-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        importerExtension({ schedule: false }),
        await notificationsExtensionFromSettings({ notificationsToken: TOKEN, coalesceWindowMs: 100 }),
      ],
    });
    registry = await startRegistry({ auth: 'none', notify: notifyServer(server.url, TOKEN) });
    const created = await postStream(server.url, 'pushed', key.publicPem, {
      latest: `${registry.host}/team/pushed:latest`,
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await registry?.stop();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a notified push of a signed digest moves the tag; a notified unsigned push does not', async () => {
    // cosign signs by digest, then the tag is pushed (what a CI pipeline signing before tagging does)
    const image = await pushImage(registry, 'team/pushed', undefined);
    await pushCosignSignatures(registry, 'team/pushed', image.digest, [
      cosignLayer(key.privateKey, { dockerReference: `${registry.host}/team/pushed`, digest: image.digest }),
    ]);
    await pushManifest(registry, 'team/pushed', 'latest', image.manifest, image.mediaType);
    await until(
      'the notified push to move the tag',
      async () => ((await tagOf())?.items?.[0]?.image === image.digest ? true : undefined),
      10_000,
    );

    const unsigned = await pushImage(registry, 'team/pushed', 'latest');
    const refused = await until(
      'the notified unsigned push to be refused',
      async () => {
        const t = await tagOf();
        return t?.conditions?.[0]?.reason === 'SignatureMissing' ? t : undefined;
      },
      10_000,
    );
    expect(refused.conditions?.[0]?.message).toContain(unsigned.digest);
    expect(refused.items?.map((i) => i.image)).toEqual([image.digest]);

    // `cosign sign` afterwards: the notification of the .sig tag alone moves the tag
    await pushCosignSignatures(registry, 'team/pushed', unsigned.digest, [
      cosignLayer(key.privateKey, {
        dockerReference: `${registry.host}/team/pushed`,
        digest: unsigned.digest,
      }),
    ]);
    const moved = await until(
      'the notified signature to move the tag',
      async () => {
        const t = await tagOf();
        return t?.items?.[0]?.image === unsigned.digest ? t : undefined;
      },
      10_000,
    );
    expect(moved.conditions ?? []).toEqual([]);
    const tags = (
      (await (
        await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/default/imagestreams/pushed`)
      ).json()) as StreamWithTags
    ).status?.tags?.map((t) => t.tag);
    expect(tags).toEqual(['latest']);
  }, 30_000);
});
