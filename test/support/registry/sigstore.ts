/**
 * A Sigstore made offline for tests: a Fulcio-like CA (a self-signed root issuing short-lived
 * leaf certificates whose SAN is the signer's email and whose extension 1.3.6.1.4.1.57264.1.8
 * names the OIDC issuer), a Rekor-like log key that signs each entry's inclusion promise (the
 * SET over `{body, integratedTime, logID, logIndex}` in canonical JSON), and the TrustedRoot JSON
 * naming both, as `cosign verify --trusted-root` reads it. Bundles are what `cosign sign` (v3, or
 * v2 with --new-bundle-format) pushes: a v0.3 Sigstore bundle whose DSSE envelope carries an
 * in-toto statement (predicate type https://sigstore.dev/cosign/sign/v1) about the image digest,
 * logged as a `dsse` 0.0.1 entry. Keyless `.sig` layers are what cosign 2 (without
 * --new-bundle-format) pushes: the simple-signing payload signed by the leaf, logged as a
 * `hashedrekord` 0.0.1 entry, with the leaf, chain and Rekor bundle in layer annotations. Built from the formats' documentation with @peculiar/x509 and
 * node:crypto; nothing of @sigstore/* is used, so a bug there is not mirrored here.
 */
import { createHash, KeyObject, sign, webcrypto } from 'node:crypto';
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { cosignPayload } from './cosign.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const FULCIO_ISSUER_V2_OID = '1.3.6.1.4.1.57264.1.8';
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

interface Keys {
  crypto: webcrypto.CryptoKeyPair;
  privateKey: KeyObject;
  spki: Buffer;
}

async function newKeys(): Promise<Keys> {
  const pair = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  return { crypto: pair, privateKey: KeyObject.from(pair.privateKey), spki };
}

/** DER UTF8String (short form: the values here are under 128 bytes) */
function utf8String(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > 127) throw new Error('issuer too long for this test helper');
  return new Uint8Array(Buffer.concat([Buffer.from([0x0c, bytes.length]), bytes])).buffer;
}

const b64 = (b: Buffer | ArrayBuffer) => Buffer.from(b as ArrayBuffer).toString('base64');
const hex256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const leafHash = (b: Buffer) =>
  createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), b]))
    .digest();

export interface SignOptions {
  /** the SAN email of the leaf certificate */
  email: string;
  issuer: string;
  /** the digest the statement names (default: the one signed for) */
  statementDigest?: string;
  /** change the DSSE signature after logging it (a tampered bundle) */
  tamperSignature?: boolean;
  /** the log entry's time, seconds; default now */
  integratedTime?: number;
}

/** What cosign 2 keyless puts in a `.sig` manifest layer (cosign.ts pushes it). */
export interface KeylessLayer {
  payload: Buffer;
  /** base64, the `dev.cosignproject.cosign/signature` annotation */
  signature: string;
  /** `dev.sigstore.cosign/certificate`, `/chain` and `/bundle` */
  annotations: Record<string, string>;
}

export interface KeylessLayerOptions extends SignOptions {
  /** the payload's docker-reference (default: `repository`) */
  dockerReference?: string;
  /** log the entry with another certificate than the layer carries */
  logAnotherCertificate?: boolean;
}

export interface TestSigstore {
  /** the TrustedRoot JSON text (`--sigstore-trusted-root`) */
  trustedRootJson: string;
  /** a v0.3 bundle (JSON text) signing `digest` of `repository` as the given signer */
  signBundle(repository: string, digest: string, opts: SignOptions): Promise<string>;
  /** a cosign 2 keyless `.sig` layer signing `digest` of `repository` as the given signer */
  signLayer(repository: string, digest: string, opts: KeylessLayerOptions): Promise<KeylessLayer>;
}

function dsseEnvelope(statement: Buffer, key: KeyObject, tamper: boolean) {
  const pae = Buffer.concat([
    Buffer.from(`DSSEv1 ${IN_TOTO_PAYLOAD_TYPE.length} ${IN_TOTO_PAYLOAD_TYPE} ${statement.length} `),
    statement,
  ]);
  const sig = sign('sha256', pae, key);
  const logged = b64(sig);
  if (tamper) sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 0x01;
  return {
    envelope: {
      payload: b64(statement),
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ sig: b64(sig), keyid: '' }],
    },
    logged,
  };
}

function statementFor(repository: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: repository, digest: { sha256: digest.replace(/^sha256:/, '') } }],
      predicateType: SIGN_PREDICATE_TYPE,
      predicate: {},
    }),
  );
}

/** A new CA and log; `untrusted` makes a second one whose bundles the first's root refuses. */
export async function createTestSigstore(): Promise<TestSigstore> {
  const now = Date.now();
  const caKeys = await newKeys();
  const logKeys = await newKeys();
  const logId = createHash('sha256').update(logKeys.spki).digest();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'O=imagestreams-test, CN=test-fulcio-root',
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 24 * 3600_000),
    keys: caKeys.crypto,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.crypto.publicKey),
    ],
  });
  const start = new Date(now - 3600_000).toISOString();
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: 'https://rekor.test.invalid',
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: b64(logKeys.spki),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start },
        },
        logId: { keyId: b64(logId) },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'imagestreams-test', commonName: 'test-fulcio-root' },
        uri: 'https://fulcio.test.invalid',
        certChain: { certificates: [{ rawBytes: b64(root.rawData) }] },
        validFor: { start },
      },
    ],
    ctlogs: [],
    timestampAuthorities: [],
  };

  async function leafFor(email: string, issuer: string, at: number) {
    const keys = await newKeys();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
        .toString('hex')
        .replace(/^./, '1'),
      subject: '',
      issuer: root.subject,
      notBefore: new Date(at - 60_000),
      notAfter: new Date(at + 600_000),
      publicKey: keys.crypto.publicKey,
      signingKey: caKeys.crypto.privateKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]),
        new x509.SubjectAlternativeNameExtension([{ type: 'email', value: email }], true),
        await x509.AuthorityKeyIdentifierExtension.create(root, false),
        new x509.Extension(FULCIO_ISSUER_V2_OID, false, utf8String(issuer)),
      ],
    });
    return { cert, privateKey: keys.privateKey };
  }

  /** The entry as leaf 1 of a two-leaf RFC 6962 tree, with the checkpoint the log signs. */
  function inclusionProof(body: Buffer) {
    const sibling = leafHash(Buffer.from(`another entry ${Math.random()}`));
    const root = createHash('sha256')
      .update(Buffer.concat([Buffer.from([1]), sibling, leafHash(body)]))
      .digest();
    const note = `rekor.test.invalid - 1\n2\n${b64(root)}\n`;
    const noteSig = Buffer.concat([
      logId.subarray(0, 4),
      sign('sha256', Buffer.from(note), logKeys.privateKey),
    ]);
    return {
      logIndex: '1',
      rootHash: b64(root),
      treeSize: '2',
      hashes: [b64(sibling)],
      checkpoint: { envelope: `${note}\n\u2014 rekor.test.invalid ${b64(noteSig)}\n` },
    };
  }

  async function signBundle(repository: string, digest: string, opts: SignOptions): Promise<string> {
    const integratedTime = opts.integratedTime ?? Math.floor(Date.now() / 1000);
    const leaf = await leafFor(opts.email, opts.issuer, integratedTime * 1000);
    const statement = statementFor(repository, opts.statementDigest ?? digest);
    const { envelope, logged } = dsseEnvelope(statement, leaf.privateKey, opts.tamperSignature ?? false);
    // the log records the signature as signed (a tampered bundle differs from its entry)
    const loggedEnvelope = { ...envelope, signatures: [{ sig: logged, keyid: '' }] };
    // canonical JSON: keys sorted, no spaces
    const body = Buffer.from(
      JSON.stringify({
        apiVersion: '0.0.1',
        kind: 'dsse',
        spec: {
          envelopeHash: { algorithm: 'sha256', value: hex256(Buffer.from(JSON.stringify(loggedEnvelope))) },
          payloadHash: { algorithm: 'sha256', value: hex256(statement) },
          signatures: [{ signature: logged, verifier: b64(Buffer.from(leaf.cert.toString('pem'))) }],
        },
      }),
    );
    const index = 1;
    const set = sign(
      'sha256',
      Buffer.from(
        JSON.stringify({
          body: b64(body),
          integratedTime,
          logID: logId.toString('hex'),
          logIndex: index,
        }),
      ),
      logKeys.privateKey,
    );
    return JSON.stringify({
      mediaType: BUNDLE_MEDIA_TYPE,
      verificationMaterial: {
        certificate: { rawBytes: b64(leaf.cert.rawData) },
        tlogEntries: [
          {
            logIndex: String(index),
            logId: { keyId: b64(logId) },
            kindVersion: { kind: 'dsse', version: '0.0.1' },
            integratedTime: String(integratedTime),
            inclusionPromise: { signedEntryTimestamp: b64(set) },
            inclusionProof: inclusionProof(body),
            canonicalizedBody: b64(body),
          },
        ],
        timestampVerificationData: {},
      },
      dsseEnvelope: envelope,
    });
  }

  /** cosign's RekorBundle: the SET over the entry, and the entry */
  function rekorBundle(body: Buffer, integratedTime: number): string {
    const payload = { body: b64(body), integratedTime, logID: logId.toString('hex'), logIndex: 7 };
    const set = sign('sha256', Buffer.from(JSON.stringify(payload)), logKeys.privateKey);
    return JSON.stringify({ SignedEntryTimestamp: b64(set), Payload: payload });
  }

  async function signLayer(
    repository: string,
    digest: string,
    opts: KeylessLayerOptions,
  ): Promise<KeylessLayer> {
    const integratedTime = opts.integratedTime ?? Math.floor(Date.now() / 1000);
    const leaf = await leafFor(opts.email, opts.issuer, integratedTime * 1000);
    const payload = cosignPayload(opts.dockerReference ?? repository, opts.statementDigest ?? digest);
    const sig = sign('sha256', payload, leaf.privateKey);
    const logged = b64(sig);
    if (opts.tamperSignature) sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 0x01;
    const loggedCert = opts.logAnotherCertificate
      ? (await leafFor(opts.email, opts.issuer, integratedTime * 1000)).cert
      : leaf.cert;
    // canonical JSON of a hashedrekord 0.0.1 entry: keys sorted, no spaces
    const body = Buffer.from(
      JSON.stringify({
        apiVersion: '0.0.1',
        kind: 'hashedrekord',
        spec: {
          data: { hash: { algorithm: 'sha256', value: hex256(payload) } },
          signature: {
            content: logged,
            publicKey: { content: b64(Buffer.from(loggedCert.toString('pem'))) },
          },
        },
      }),
    );
    return {
      payload,
      signature: b64(sig),
      annotations: {
        'dev.sigstore.cosign/certificate': leaf.cert.toString('pem'),
        'dev.sigstore.cosign/chain': root.toString('pem'),
        'dev.sigstore.cosign/bundle': rekorBundle(body, integratedTime),
      },
    };
  }

  return { trustedRootJson: JSON.stringify(trustedRoot), signBundle, signLayer };
}
