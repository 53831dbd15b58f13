/**
 * Keyless Sigstore verification inside the real API server against the real docker-registry
 * (2.8: no referrers API, so bundles are found through the `sha256-<hex>` referrers tag, as
 * cosign 3 pushes them there): a bundle by the stream's required identity and issuer, from the
 * offline test Sigstore (test/support/registry/sigstore.ts), moves the tag; a bundle for another
 * digest, by another identity or issuer, or from an untrusted CA, and no bundle at all, leave the
 * last good image with ImportSuccess=False (SignatureInvalid / SignatureMissing) and a Warning
 * Event. cosign 2's keyless `.sig` layers are verified the same way, and signatures kept in
 * another repository (`imagestreams.io/verify-cosign-repository`, cosign's COSIGN_REPOSITORY)
 * are read from there. Bad annotations are refused at create and update with a 422 naming them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerExtension, parseSigstoreTrustedRoot } from '../../../src/importer/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';
import { createTestSigstore, type SignOptions, type TestSigstore } from '../../support/registry/sigstore.js';
import { pushBundleReferrers } from '../../support/registry/sigstore-push.js';
import { pushCosignSignatures } from '../../support/registry/cosign.js';
import { signatureApi } from '../../support/registry/signature-api.js';

const IDENTITY = 'imagestreams.io/verify-cosign-identity';
const IDENTITY_REGEXP = 'imagestreams.io/verify-cosign-identity-regexp';
const ISSUER = 'imagestreams.io/verify-cosign-issuer';
const REPOSITORY = 'imagestreams.io/verify-cosign-repository';
const EMAIL = 'release@example.com';
const OIDC = 'https://accounts.example.com';
const signer: SignOptions = { email: EMAIL, issuer: OIDC };

interface Status {
  details?: { causes?: { field: string; message: string }[] };
}

describe('keyless Sigstore signatures in the importer', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;
  let sigstore: TestSigstore;
  let untrusted: TestSigstore;
  const api = () => `${server.url}/apis/image.openshift.io/v1/namespaces/default`;
  const send = (method: string, url: string, body: unknown, type = 'application/json') =>
    fetch(url, { method, headers: { 'content-type': type }, body: JSON.stringify(body) });
  const createStream = (name: string, annotations: Record<string, string>) =>
    send('POST', `${api()}/imagestreams`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name, annotations },
    });
  const { importTag, firstWarnings } = signatureApi(
    () => server.url,
    () => registry.host,
  );
  /** pushes a new image to repo:tag with the bundles `sign` makes for its digest (none: unsigned) */
  const pushSigned = async (
    repo: string,
    tag: string,
    sign: (digest: string) => Promise<string[]>,
  ): Promise<string> => {
    const image = await pushImage(registry, repo, tag);
    const bundles = await sign(image.digest);
    if (bundles.length > 0) await pushBundleReferrers(registry, repo, image, bundles);
    return image.digest;
  };
  const good = (repo: string) => async (digest: string) => [
    await sigstore.signBundle(`${registry.host}/${repo}`, digest, signer),
  ];
  const required = { [IDENTITY]: EMAIL, [ISSUER]: OIDC };

  beforeAll(async () => {
    sigstore = await createTestSigstore();
    untrusted = await createTestSigstore();
    registry = await startRegistry({ auth: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'sigstore-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        importerExtension({
          schedule: false,
          sigstoreTrust: parseSigstoreTrustedRoot(sigstore.trustedRootJson),
        }),
      ],
    });
  });

  afterAll(async () => {
    await server?.close();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('moves the tag to a digest with a bundle by the identity and issuer; an unsigned push is refused until signed', async () => {
    expect((await createStream('app', required)).status).toBe(201);
    const signed = await pushSigned('team/app', 'latest', good('team/app'));
    const first = await importTag('app', 'team/app', 'latest');
    expect(first?.items?.[0]?.image).toBe(signed);
    expect(first?.conditions ?? []).toEqual([]);

    const image = await pushImage(registry, 'team/app', 'latest');
    const refused = await importTag('app', 'team/app', 'latest');
    expect(refused?.items?.map((i) => i.image)).toEqual([signed]);
    expect(refused?.conditions?.[0]).toMatchObject({
      type: 'ImportSuccess',
      status: 'False',
      reason: 'SignatureMissing',
    });
    expect(refused?.conditions?.[0]?.message).toContain(image.digest);
    const events = await firstWarnings('app');
    expect(events[0]?.reason).toBe('SignatureMissing');

    // `cosign sign` after the push: the next import moves the tag
    await pushBundleReferrers(registry, 'team/app', image, await good('team/app')(image.digest));
    const moved = await importTag('app', 'team/app', 'latest');
    expect(moved?.items?.map((i) => i.image)).toEqual([image.digest, signed]);
    expect(moved?.conditions ?? []).toEqual([]);
  });

  it('accepts a signer matched by identity-regexp', async () => {
    const annotations = { [IDENTITY_REGEXP]: '^[a-z]+@example\\.com$', [ISSUER]: OIDC };
    expect((await createStream('byregexp', annotations)).status).toBe(201);
    const signed = await pushSigned('team/byregexp', 'v1', good('team/byregexp'));
    expect((await importTag('byregexp', 'team/byregexp', 'v1'))?.items?.[0]?.image).toBe(signed);
  });

  const refusals: [string, (repo: string, digest: string) => Promise<string>, RegExp][] = [
    [
      'a bundle for another digest',
      (repo, digest) =>
        sigstore.signBundle(`${registry.host}/${repo}`, digest, {
          ...signer,
          statementDigest: `sha256:${'ab'.repeat(32)}`,
        }),
      /signs another image \(sha256:abab/,
    ],
    [
      'a bundle by another identity',
      (repo, digest) =>
        sigstore.signBundle(`${registry.host}/${repo}`, digest, { ...signer, email: 'mallory@example.com' }),
      /another identity \(mallory@example\.com/,
    ],
    [
      'a bundle by another issuer',
      (repo, digest) =>
        sigstore.signBundle(`${registry.host}/${repo}`, digest, {
          ...signer,
          issuer: 'https://evil.example',
        }),
      /issuer https:\/\/evil\.example/,
    ],
    [
      'a bundle from an untrusted CA',
      (repo, digest) => untrusted.signBundle(`${registry.host}/${repo}`, digest, signer),
      /does not verify/,
    ],
  ];

  it.each(refusals)(
    'refuses %s: SignatureInvalid, the last good image kept, a Warning',
    async (what, bundle, message) => {
      const name = `refuse-${refusals.findIndex((r) => r[0] === what)}`;
      const repo = `team/${name}`;
      expect((await createStream(name, required)).status).toBe(201);
      const signed = await pushSigned(repo, 'v1', good(repo));
      expect((await importTag(name, repo, 'v1'))?.items?.[0]?.image).toBe(signed);
      await pushSigned(repo, 'v1', async (digest) => [await bundle(repo, digest)]);
      const tag = await importTag(name, repo, 'v1');
      expect(tag?.items?.map((i) => i.image)).toEqual([signed]);
      expect(tag?.conditions?.[0]).toMatchObject({ status: 'False', reason: 'SignatureInvalid' });
      expect(tag?.conditions?.[0]?.message).toMatch(message);
      const w = await firstWarnings(name);
      expect(w[0]?.reason).toBe('SignatureInvalid');
      expect(w[0]?.message).toContain(`${name}:v1`);
    },
  );

  it('verifies cosign 2 keyless .sig layers: the right signer moves the tag, another is refused', async () => {
    expect((await createStream('legacy', required)).status).toBe(201);
    const repo = 'team/legacy';
    const layerFor = (digest: string, email = EMAIL) =>
      sigstore.signLayer(`${registry.host}/${repo}`, digest, { ...signer, email });
    const image = await pushImage(registry, repo, 'v1');
    await pushCosignSignatures(registry, repo, image.digest, [await layerFor(image.digest)]);
    const moved = await importTag('legacy', repo, 'v1');
    expect(moved?.items?.[0]?.image).toBe(image.digest);
    expect(moved?.conditions ?? []).toEqual([]);

    const next = await pushImage(registry, repo, 'v1');
    await pushCosignSignatures(registry, repo, next.digest, [
      await layerFor(next.digest, 'mallory@example.com'),
    ]);
    const refused = await importTag('legacy', repo, 'v1');
    expect(refused?.items?.map((i) => i.image)).toEqual([image.digest]);
    expect(refused?.conditions?.[0]).toMatchObject({ status: 'False', reason: 'SignatureInvalid' });
    expect(refused?.conditions?.[0]?.message).toMatch(/another identity \(mallory@example\.com/);
  });

  it('reads signatures from the repository verify-cosign-repository names', async () => {
    const sigs = 'signatures/app';
    const annotations = { ...required, [REPOSITORY]: `${registry.host}/${sigs}` };
    expect((await createStream('elsewhere', annotations)).status).toBe(201);
    const repo = 'team/elsewhere';
    const ref = `${registry.host}/${repo}`;
    // a bundle (referrers tag) in the signature repository
    const first = await pushImage(registry, repo, 'v1');
    await pushBundleReferrers(registry, sigs, first, [await sigstore.signBundle(ref, first.digest, signer)]);
    expect((await importTag('elsewhere', repo, 'v1'))?.items?.[0]?.image).toBe(first.digest);
    // a keyless .sig there too
    const second = await pushImage(registry, repo, 'v1');
    await pushCosignSignatures(registry, sigs, second.digest, [
      await sigstore.signLayer(ref, second.digest, signer),
    ]);
    expect((await importTag('elsewhere', repo, 'v1'))?.items?.[0]?.image).toBe(second.digest);
    // signed next to the image only: not where the stream looks
    const third = await pushSigned(repo, 'v1', good(repo));
    const refused = await importTag('elsewhere', repo, 'v1');
    expect(refused?.items?.map((i) => i.image)).toEqual([second.digest, first.digest]);
    expect(refused?.conditions?.[0]).toMatchObject({ status: 'False', reason: 'SignatureMissing' });
    expect(refused?.conditions?.[0]?.message).toContain(`${third} (no bundle referrer`);
    expect(refused?.conditions?.[0]?.message).toContain(`in ${registry.host}/${sigs})`);
  });

  const badAnnotations: [string, Record<string, string>, string][] = [
    ['a regexp that does not compile', { [IDENTITY_REGEXP]: '^(release', [ISSUER]: OIDC }, IDENTITY_REGEXP],
    ['an identity without issuer', { [IDENTITY]: EMAIL }, ISSUER],
    ['an issuer without identity', { [ISSUER]: OIDC }, IDENTITY],
    ['both identity and regexp', { ...required, [IDENTITY_REGEXP]: '.*' }, IDENTITY_REGEXP],
    ['an empty identity', { [IDENTITY]: '', [ISSUER]: OIDC }, IDENTITY],
    [
      'a signature repository with a tag',
      { ...required, [REPOSITORY]: 'registry.example.com/sigs:v1' },
      REPOSITORY,
    ],
    [
      'a signature repository by digest',
      { ...required, [REPOSITORY]: `registry.example.com/sigs@sha256:${'a'.repeat(64)}` },
      REPOSITORY,
    ],
    [
      'a signature repository in capitals',
      { ...required, [REPOSITORY]: 'registry.example.com/Sigs' },
      REPOSITORY,
    ],
  ];

  it.each(badAnnotations)(
    'refuses %s with 422 naming the annotation, on create and update',
    async (_what, bad, field) => {
      const created = await createStream('badsigner', bad);
      expect(created.status).toBe(422);
      const causes = ((await created.json()) as Status).details?.causes ?? [];
      expect(causes.map((c) => c.field)).toContain(`metadata.annotations[${field}]`);

      const name = `signer-${badAnnotations.findIndex((b) => b[2] === field && b[1] === bad)}`;
      expect((await createStream(name, required)).status).toBe(201);
      // a merge patch cannot remove what `bad` leaves out, so replace the whole annotation set
      const patch = await send(
        'PATCH',
        `${api()}/imagestreams/${name}`,
        [{ op: 'replace', path: '/metadata/annotations', value: bad }],
        'application/json-patch+json',
      );
      expect(patch.status).toBe(422);
      const patchCauses = ((await patch.json()) as Status).details?.causes ?? [];
      expect(patchCauses.map((c) => c.field)).toContain(`metadata.annotations[${field}]`);
    },
  );
});
