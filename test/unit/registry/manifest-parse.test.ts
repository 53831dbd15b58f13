import { describe, expect, it } from 'vitest';
import { ManifestParseError, parseManifest } from '../../../src/registry/manifest-parse.js';
import { MediaType } from '../../../src/registry/media-types.js';

const d = (n: string) => `sha256:${n.repeat(64)}`;
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

const image = {
  schemaVersion: 2,
  mediaType: MediaType.DockerManifest,
  config: { mediaType: MediaType.DockerConfig, size: 100, digest: d('a') },
  layers: [{ mediaType: MediaType.DockerLayer, size: 5, digest: d('b'), extra: 'ignored' }],
  somethingNew: true,
};

function parseError(bytes: Buffer, contentType?: string): ManifestParseError {
  try {
    parseManifest(bytes, contentType);
  } catch (e) {
    if (e instanceof ManifestParseError) return e;
    throw e;
  }
  throw new Error('expected a ManifestParseError');
}

describe('parseManifest', () => {
  it('parses a Docker schema 2 image manifest, ignoring unknown fields', () => {
    expect(parseManifest(json(image), `${MediaType.DockerManifest}`)).toEqual({
      kind: 'image',
      mediaType: MediaType.DockerManifest,
      config: { mediaType: MediaType.DockerConfig, size: 100, digest: d('a') },
      layers: [{ mediaType: MediaType.DockerLayer, size: 5, digest: d('b') }],
    });
  });

  it('parses an OCI index with platforms, mapping os.version', () => {
    const index = {
      schemaVersion: 2,
      mediaType: MediaType.OciIndex,
      manifests: [
        {
          mediaType: MediaType.OciManifest,
          size: 1,
          digest: d('c'),
          platform: { architecture: 'arm', os: 'linux', variant: 'v7' },
        },
        {
          mediaType: MediaType.OciManifest,
          size: 2,
          digest: d('e'),
          platform: { architecture: 'amd64', os: 'windows', 'os.version': '10.0.17763' },
        },
      ],
    };
    const m = parseManifest(json(index), 'application/vnd.oci.image.index.v1+json; charset=utf-8');
    expect(m.kind).toBe('index');
    if (m.kind !== 'index') return;
    expect(m.manifests[0]?.platform).toEqual({ architecture: 'arm', os: 'linux', variant: 'v7' });
    expect(m.manifests[1]?.platform).toEqual({
      architecture: 'amd64',
      os: 'windows',
      osVersion: '10.0.17763',
    });
  });

  it('uses the body mediaType when the Content-Type is generic, and infers it when absent', () => {
    expect(
      parseManifest(json({ ...image, mediaType: MediaType.DockerManifest }), 'application/json').mediaType,
    ).toBe(MediaType.DockerManifest);
    const { mediaType: _drop, ...bare } = image;
    expect(parseManifest(json(bare), undefined).mediaType).toBe(MediaType.OciManifest);
    expect(parseManifest(json({ schemaVersion: 2, manifests: [] }), undefined).kind).toBe('index');
  });

  it('refuses schema 1 manifests clearly, by body or by media type', () => {
    const s1 = parseError(json({ schemaVersion: 1, name: 'a', tag: 'b', fsLayers: [] }));
    expect(s1.unsupported).toBe(true);
    expect(s1.message).toContain('schema 1');
    expect(parseError(json(image), MediaType.DockerSchema1Signed).unsupported).toBe(true);
  });

  it('refuses unknown media types and malformed manifests', () => {
    expect(
      parseError(json({ schemaVersion: 2, mediaType: 'application/vnd.cncf.helm.config.v1+json' }))
        .unsupported,
    ).toBe(true);
    expect(parseError(Buffer.from('not json')).unsupported).toBe(false);
    expect(parseError(json({ ...image, layers: 'nope' })).message).toContain('invalid image manifest');
    expect(parseError(json({ ...image, config: { ...image.config, digest: 'bad' } })).unsupported).toBe(
      false,
    );
    expect(parseError(json({ ...image, config: { ...image.config, size: -1 } })).unsupported).toBe(false);
  });
});
