/** An in-memory registry behind the importer's client interface, recording every call. */
import { createHash } from 'node:crypto';
import type { ImportRegistryClient } from '../../../../src/importer/resolve-image.js';
import type {
  Descriptor,
  ImageConfig,
  ImageManifest,
  ParsedManifest,
  RepositoryRef,
  RequestOptions,
} from '../../../../src/registry/types.js';

export class FakeRegistryError extends Error {
  kind: string;
  constructor(kind: string, message = kind) {
    super(message);
    this.kind = kind;
  }
}

interface Stored {
  mediaType: string;
  manifest: ParsedManifest;
  config?: ImageConfig;
}

export interface Call {
  op: 'head' | 'get' | 'config' | 'tags';
  repo: string;
  ref: string;
  insecure: boolean;
}

const digestOf = (s: string) => 'sha256:' + createHash('sha256').update(s).digest('hex');

export class FakeRegistry implements ImportRegistryClient {
  calls: Call[] = [];
  failWith: Record<string, FakeRegistryError> = {};
  private blobs = new Map<string, Stored>();
  private tags = new Map<string, Map<string, string>>();

  private key(repo: RepositoryRef) {
    return `${repo.registry}/${repo.repository}`;
  }

  pushImage(
    repo: string,
    tag: string,
    opts: { env?: string[]; arch?: string; os?: string; seed?: string } = {},
  ): string {
    const config: ImageConfig = {
      configDigest: digestOf(`cfg-${opts.seed ?? ''}-${opts.arch ?? 'amd64'}`),
      created: '2026-01-01T00:00:00Z',
      architecture: opts.arch ?? 'amd64',
      os: opts.os ?? 'linux',
      config: { Env: opts.env ?? ['PATH=/bin'], Labels: { seed: opts.seed ?? '' } },
      layers: [
        {
          digest: digestOf(`layer-${opts.seed}`),
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          size: 10,
        },
      ],
      totalSize: 20,
    };
    const manifest: ParsedManifest = {
      kind: 'image',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: config.configDigest,
        size: 10,
      },
      layers: [],
    };
    const digest = digestOf(
      JSON.stringify({ repo, seed: opts.seed, arch: opts.arch, os: opts.os, env: opts.env }),
    );
    this.blobs.set(digest, { mediaType: manifest.mediaType, manifest, config });
    if (tag) this.setTag(repo, tag, digest);
    return digest;
  }

  pushIndex(repo: string, tag: string, children: { digest: string; arch: string; os: string }[]): string {
    const manifests: Descriptor[] = children.map((c) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: c.digest,
      size: 100,
      platform: { architecture: c.arch, os: c.os },
    }));
    const manifest: ParsedManifest = {
      kind: 'index',
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests,
    };
    const digest = digestOf(JSON.stringify(manifests));
    this.blobs.set(digest, { mediaType: manifest.mediaType, manifest });
    this.setTag(repo, tag, digest);
    return digest;
  }

  setTag(repo: string, tag: string, digest: string) {
    if (!this.tags.has(repo)) this.tags.set(repo, new Map());
    this.tags.get(repo)!.set(tag, digest);
  }

  private lookup(
    repo: RepositoryRef,
    ref: string,
    op: Call['op'],
    o?: RequestOptions,
  ): Stored & { digest: string } {
    this.calls.push({ op, repo: this.key(repo), ref, insecure: Boolean(o?.insecure) });
    const fail = this.failWith[this.key(repo)] ?? this.failWith['*'];
    if (fail) throw fail;
    const digest = ref.startsWith('sha256:') ? ref : this.tags.get(this.key(repo))?.get(ref);
    const stored = digest ? this.blobs.get(digest) : undefined;
    if (!digest || !stored) throw new FakeRegistryError('NotFound', `manifest unknown: ${ref}`);
    return { ...stored, digest };
  }

  async headManifest(repo: RepositoryRef, ref: string, o?: RequestOptions) {
    const s = this.lookup(repo, ref, 'head', o);
    return { digest: s.digest, mediaType: s.mediaType, size: 1 };
  }

  async getManifest(repo: RepositoryRef, ref: string, o?: RequestOptions) {
    const s = this.lookup(repo, ref, 'get', o);
    return { digest: s.digest, mediaType: s.mediaType, bytes: Buffer.from('{}'), manifest: s.manifest };
  }

  async getImageConfig(repo: RepositoryRef, source: Descriptor | ImageManifest, o?: RequestOptions) {
    const config = 'config' in source ? source.config : source;
    this.calls.push({
      op: 'config',
      repo: this.key(repo),
      ref: config.digest,
      insecure: Boolean(o?.insecure),
    });
    for (const b of this.blobs.values()) if (b.config?.configDigest === config.digest) return b.config;
    throw new FakeRegistryError('NotFound', 'blob unknown');
  }

  async listTags(repo: RepositoryRef, o?: RequestOptions) {
    this.calls.push({ op: 'tags', repo: this.key(repo), ref: '', insecure: Boolean(o?.insecure) });
    const fail = this.failWith[this.key(repo)];
    if (fail) throw fail;
    const tags = this.tags.get(this.key(repo));
    if (!tags) throw new FakeRegistryError('NotFound', 'repository unknown');
    return [...tags.keys()];
  }
}
