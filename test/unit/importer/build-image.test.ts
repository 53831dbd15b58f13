import { describe, expect, it } from 'vitest';
import { buildImage, buildManifestListImage, imageInRepository } from '../../../src/importer/build-image.js';

const repo = { registry: '127.0.0.1:5000', repository: 'team/app' };
const config = {
  configDigest: 'sha256:cfg',
  created: '2026-01-02T03:04:05Z',
  architecture: 'amd64',
  os: 'linux',
  config: {
    Env: ['PATH=/bin', 'A=1'],
    Labels: { version: '1' },
    Cmd: ['/bin/sh'],
    ExposedPorts: { '80/tcp': {} },
  },
  layers: [
    { digest: 'sha256:l1', mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: 100 },
    { digest: 'sha256:l2', mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: 50 },
  ],
  totalSize: 170,
};

describe('buildImage', () => {
  it('names the image by digest and references it by digest in its repository', () => {
    const img = buildImage(
      repo,
      { digest: 'sha256:m', mediaType: 'application/vnd.oci.image.manifest.v1+json' },
      config,
    );
    expect(img.metadata.name).toBe('sha256:m');
    expect(img.dockerImageReference).toBe('127.0.0.1:5000/team/app@sha256:m');
    expect(img.dockerImageManifestMediaType).toBe('application/vnd.oci.image.manifest.v1+json');
  });

  it('records the config blob as DockerImage 1.0 metadata, with Env and Labels', () => {
    const img = buildImage(repo, { digest: 'sha256:m', mediaType: 'x' }, config);
    expect(img.dockerImageMetadataVersion).toBe('1.0');
    expect(img.dockerImageMetadata).toMatchObject({
      kind: 'DockerImage',
      apiVersion: '1.0',
      Id: 'sha256:cfg',
      Created: '2026-01-02T03:04:05Z',
      Architecture: 'amd64',
      Os: 'linux',
      Size: 170,
      Config: {
        Env: ['PATH=/bin', 'A=1'],
        Labels: { version: '1' },
        Cmd: ['/bin/sh'],
        ExposedPorts: { '80/tcp': {} },
      },
    });
    expect(img.dockerImageLayers).toEqual([
      { name: 'sha256:l1', size: 100, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' },
      { name: 'sha256:l2', size: 50, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' },
    ]);
  });
});

describe('buildManifestListImage', () => {
  it('records every child with its platform and no layers', () => {
    const img = buildManifestListImage(
      repo,
      { digest: 'sha256:list', mediaType: 'application/vnd.oci.image.index.v1+json' },
      [
        { digest: 'sha256:a', mediaType: 'm', size: 10, platform: { architecture: 'amd64', os: 'linux' } },
        {
          digest: 'sha256:b',
          mediaType: 'm',
          size: 11,
          platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
        },
      ],
    );
    expect(img.dockerImageLayers).toEqual([]);
    expect(img.dockerImageManifests).toEqual([
      { digest: 'sha256:a', mediaType: 'm', manifestSize: 10, architecture: 'amd64', os: 'linux' },
      {
        digest: 'sha256:b',
        mediaType: 'm',
        manifestSize: 11,
        architecture: 'arm64',
        os: 'linux',
        variant: 'v8',
      },
    ]);
  });
});

describe('imageInRepository', () => {
  it('keeps the content and points the reference at the other repository', () => {
    const img = buildImage(repo, { digest: 'sha256:m', mediaType: 'x' }, config);
    const other = imageInRepository(img, { registry: 'quay.io', repository: 'x/y' });
    expect(other.dockerImageReference).toBe('quay.io/x/y@sha256:m');
    expect(other.dockerImageMetadata).toBe(img.dockerImageMetadata);
  });
});
