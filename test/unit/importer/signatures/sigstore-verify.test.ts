import { beforeAll, describe, expect, it } from 'vitest';
import { parseSigstoreIdentity } from '../../../../src/api/sigstore-identity.js';
import {
  verifySigstoreBundles,
  type IdentityRequirement,
} from '../../../../src/importer/signatures/sigstore-verify.js';
import {
  parseSigstoreTrustedRoot,
  type SigstoreTrust,
} from '../../../../src/importer/signatures/sigstore-trusted-root.js';
import type { SignatureLayer } from '../../../../src/importer/signatures/cosign-verify.js';
import {
  createTestSigstore,
  type KeylessLayerOptions,
  type TestSigstore,
} from '../../../support/registry/sigstore.js';

const DIGEST = `sha256:${'1'.repeat(64)}`;
const LIST = `sha256:${'2'.repeat(64)}`;
const REPO = 'registry.example.com:5000/team/app';
const image = {
  digests: [DIGEST],
  repository: { registry: 'registry.example.com:5000', repository: 'team/app' },
};
const EMAIL = 'release@example.com';
const ISSUER = 'https://accounts.example.com';
const signer = { email: EMAIL, issuer: ISSUER };

function req(input: { identity?: string; identityRegexp?: string; issuer?: string }): IdentityRequirement {
  const identity = parseSigstoreIdentity(input);
  if (!identity) throw new Error('no identity');
  return { identity, source: 'the stream' };
}
const exact = req({ identity: EMAIL, issuer: ISSUER });

describe('verifySigstoreBundles', () => {
  let sigstore: TestSigstore;
  let untrusted: TestSigstore;
  let trust: SigstoreTrust;
  const bundle = async (opts: Partial<Parameters<TestSigstore['signBundle']>[2]> = {}, digest = DIGEST) =>
    Buffer.from(await sigstore.signBundle(REPO, digest, { ...signer, ...opts }));

  beforeAll(async () => {
    sigstore = await createTestSigstore();
    untrusted = await createTestSigstore();
    trust = parseSigstoreTrustedRoot(sigstore.trustedRootJson);
  });

  it('accepts a bundle by the required email and issuer, exactly or by regexp', async () => {
    const b = await bundle();
    expect(verifySigstoreBundles([b], [exact], image, trust)).toEqual({ ok: true });
    const byRegexp = req({ identityRegexp: '^[a-z]+@example\\.com$', issuer: ISSUER });
    expect(verifySigstoreBundles([b], [byRegexp], image, trust)).toEqual({ ok: true });
  });

  it('accepts a bundle of the list a platform image was picked from', async () => {
    const b = await bundle({}, LIST);
    expect(verifySigstoreBundles([b], [exact], { ...image, digests: [LIST, DIGEST] }, trust).ok).toBe(true);
  });

  it('finds the good bundle among bad ones', async () => {
    const bad = await bundle({ email: 'mallory@example.com' });
    const good = await bundle();
    expect(verifySigstoreBundles([Buffer.from('{}'), bad, good], [exact], image, trust).ok).toBe(true);
  });

  const refusals: [string, () => Promise<Buffer>, IdentityRequirement | undefined, RegExp][] = [
    [
      'another email',
      () => bundle({ email: 'mallory@example.com' }),
      undefined,
      /another identity \(mallory@example\.com/,
    ],
    [
      'another issuer',
      () => bundle({ issuer: 'https://evil.example' }),
      undefined,
      /issuer https:\/\/evil\.example/,
    ],
    [
      'a regexp that does not match',
      () => bundle(),
      req({ identityRegexp: '^ops@', issuer: ISSUER }),
      /another identity/,
    ],
    [
      'a statement for another digest',
      () => bundle({ statementDigest: LIST }),
      undefined,
      /signs another image \(sha256:2222/,
    ],
    ['a tampered signature', () => bundle({ tamperSignature: true }), undefined, /does not verify/],
    [
      'a CA the root does not trust',
      async () => Buffer.from(await untrusted.signBundle(REPO, DIGEST, signer)),
      undefined,
      /does not verify: .*certificate/i,
    ],
    ['a bundle that is not JSON', async () => Buffer.from('not json'), undefined, /not JSON/],
  ];

  it.each(refusals)('refuses %s as SignatureInvalid', async (_name, make, requirement, message) => {
    const verdict = verifySigstoreBundles([await make()], [requirement ?? exact], image, trust);
    expect(verdict).toMatchObject({ ok: false, reason: 'SignatureInvalid' });
    if (!verdict.ok) {
      expect(verdict.message).toMatch(message);
      expect(verdict.message).toContain(DIGEST);
    }
  });

  it('refuses a bundle logged after its certificate expired', async () => {
    const b = await bundle();
    const json = JSON.parse(b.toString()) as {
      verificationMaterial: { tlogEntries: { integratedTime: string }[] };
    };
    const entry = json.verificationMaterial.tlogEntries[0];
    if (entry) entry.integratedTime = String(Number(entry.integratedTime) + 3600);
    const verdict = verifySigstoreBundles([Buffer.from(JSON.stringify(json))], [exact], image, trust);
    expect(verdict.ok).toBe(false);
  });
});

describe('verifySigstoreBundles with cosign 2 keyless .sig layers', () => {
  let sigstore: TestSigstore;
  let untrusted: TestSigstore;
  let trust: SigstoreTrust;
  const layer = async (
    opts: Partial<KeylessLayerOptions> = {},
    from?: TestSigstore,
  ): Promise<SignatureLayer> => {
    const made = await (from ?? sigstore).signLayer(REPO, DIGEST, { ...signer, ...opts });
    return {
      payload: made.payload,
      signature: made.signature,
      certificate: made.annotations['dev.sigstore.cosign/certificate'],
      rekorBundle: made.annotations['dev.sigstore.cosign/bundle'],
    };
  };

  beforeAll(async () => {
    sigstore = await createTestSigstore();
    untrusted = await createTestSigstore();
    trust = parseSigstoreTrustedRoot(sigstore.trustedRootJson);
  });

  it('accepts a layer by the required signer, and finds it among key-signed and bad layers', async () => {
    const good = await layer();
    expect(verifySigstoreBundles([good], [exact], image, trust)).toEqual({ ok: true });
    const byRegexp = req({ identityRegexp: '@example\\.com$', issuer: ISSUER });
    expect(verifySigstoreBundles([good], [byRegexp], image, trust)).toEqual({ ok: true });
    const bad = await layer({ email: 'mallory@example.com' });
    expect(verifySigstoreBundles([bad, good], [exact], image, trust).ok).toBe(true);
  });

  const without = (l: SignatureLayer, field: 'certificate' | 'rekorBundle'): SignatureLayer => {
    const copy = { ...l };
    delete copy[field];
    return copy;
  };
  const refusals: [string, () => Promise<SignatureLayer>, RegExp][] = [
    ['another identity', () => layer({ email: 'mallory@example.com' }), /another identity \(mallory@/],
    ['another issuer', () => layer({ issuer: 'https://evil.example' }), /issuer https:\/\/evil\.example/],
    [
      'a payload for another digest',
      () => layer({ statementDigest: LIST }),
      /payload is for another image \(sha256:2222/,
    ],
    [
      'a payload for another repository',
      () => layer({ dockerReference: 'registry.example.com:5000/team/other' }),
      /payload is for another repository/,
    ],
    ['a tampered signature', () => layer({ tamperSignature: true }), /does not verify/],
    ['a CA the root does not trust', () => layer({}, untrusted), /does not verify: .*certificate/i],
    [
      'an entry logging another certificate',
      () => layer({ logAnotherCertificate: true }),
      /logs another certificate/,
    ],
    ['a layer never logged', async () => without(await layer(), 'rekorBundle'), /no Rekor bundle annotation/],
    [
      'a layer without certificate',
      async () => without(await layer(), 'certificate'),
      /no certificate annotation/,
    ],
    [
      'a Rekor bundle that is not one',
      async () => ({ ...(await layer()), rekorBundle: '{"Payload":{}}' }),
      /not a cosign Rekor bundle/,
    ],
    [
      'a Rekor bundle whose timestamp another log signed',
      async () => {
        const good = await layer();
        const other = JSON.parse((await layer({}, untrusted)).rekorBundle ?? '') as {
          SignedEntryTimestamp: string;
        };
        const mine = JSON.parse(good.rekorBundle ?? '') as { SignedEntryTimestamp: string };
        mine.SignedEntryTimestamp = other.SignedEntryTimestamp;
        return { ...good, rekorBundle: JSON.stringify(mine) };
      },
      /does not verify/,
    ],
  ];

  it.each(refusals)('refuses %s as SignatureInvalid', async (_name, make, message) => {
    const verdict = verifySigstoreBundles([await make()], [exact], image, trust);
    expect(verdict).toMatchObject({ ok: false, reason: 'SignatureInvalid' });
    if (!verdict.ok) expect(verdict.message).toMatch(message);
  });
});

describe('parseSigstoreTrustedRoot', () => {
  it('names what is wrong with the file', () => {
    expect(() => parseSigstoreTrustedRoot('nope', 'root.json')).toThrow(/root\.json: not JSON/);
    expect(() => parseSigstoreTrustedRoot('{}', 'root.json')).toThrow(/certificateAuthorities/);
  });
});
