import { describe, expect, it } from 'vitest';
import { buildReplacementSpec } from '../../../../../src/triggers/targets/docker/clone-config.js';
import {
  ContainerInspectSchema,
  ImageInspectSchema,
} from '../../../../../src/triggers/targets/docker/schema.js';

const ID = 'abcdef012345' + '0'.repeat(52);

function inspect(over: Record<string, unknown> = {}) {
  return ContainerInspectSchema.parse({
    Id: ID,
    Name: '/shop-web-1',
    Image: 'sha256:img',
    Config: {
      Hostname: 'abcdef012345',
      Image: 'r/app@sha256:old',
      Labels: {
        'imagestreams.io/follow': 'app:latest',
        'org.image.vendor': 'x',
        'imagestreams.io/replaces': 'older',
        team: 'blue',
      },
      Env: ['PATH=/bin', 'PORT=8080', 'GREETING=hi'],
      Cmd: ['serve'],
      Entrypoint: ['/app'],
      Healthcheck: { Test: ['CMD', 'check'] },
      WorkingDir: '/srv',
      User: '',
      ExposedPorts: { '80/tcp': {}, '9000/tcp': {} },
      Volumes: { '/data': {} },
      StopTimeout: 30,
    },
    HostConfig: {
      NetworkMode: 'shop_default',
      Binds: ['/host:/conf:ro'],
      RestartPolicy: { Name: 'always', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
    },
    State: { Status: 'running', Running: true },
    NetworkSettings: {
      Networks: {
        shop_default: { Aliases: ['web', 'abcdef012345'], IPAddress: '172.18.0.2', NetworkID: 'n1' },
        backend: { Aliases: ['web'], IPAMConfig: { IPv4Address: '10.0.0.5' } },
      },
    },
    Mounts: [
      { Type: 'bind', Source: '/host', Destination: '/conf', RW: false },
      {
        Type: 'volume',
        Name: 'anon123',
        Source: '/var/lib/docker/volumes/anon123/_data',
        Destination: '/data',
        RW: true,
      },
    ],
    ...over,
  });
}

const image = ImageInspectSchema.parse({
  Id: 'sha256:img',
  Config: {
    Env: ['PATH=/bin', 'PORT=8080'],
    Cmd: ['serve'],
    Entrypoint: ['/app'],
    Labels: { 'org.image.vendor': 'x' },
    Healthcheck: { Test: ['CMD', 'check'] },
    WorkingDir: '/',
    ExposedPorts: { '80/tcp': {} },
    Volumes: { '/data': {} },
  },
});

const build = (old = inspect()) =>
  buildReplacementSpec({
    old,
    oldImage: image,
    image: 'r/app@sha256:new',
    name: 'shop-web-1-next-x',
    labels: { 'imagestreams.io/replaces': ID },
  });

describe('buildReplacementSpec', () => {
  it('sets the new image and the temporary name', () => {
    const { create } = build();
    expect(create.Image).toBe('r/app@sha256:new');
    expect(create.name).toBe('shop-web-1-next-x');
  });

  it('keeps what the user set and drops what the old image supplied', () => {
    const { create } = build();
    expect(create.Env).toEqual(['GREETING=hi']);
    expect(create.Cmd).toBeUndefined();
    expect(create.Entrypoint).toBeUndefined();
    expect(create.Healthcheck).toBeUndefined();
    expect(create.WorkingDir).toBe('/srv');
    expect(create.ExposedPorts).toEqual({ '9000/tcp': {} });
    expect(create.Volumes).toBeUndefined();
    expect(create.StopTimeout).toBe(30);
  });

  it('keeps a Cmd that differs from the image', () => {
    const old = inspect();
    old.Config.Cmd = ['serve', '--fast'];
    expect(build(old).create.Cmd).toEqual(['serve', '--fast']);
  });

  it('keeps the image Cmd when the user replaced the entrypoint (Docker did not inherit it)', () => {
    const old = inspect();
    old.Config.Entrypoint = ['/other'];
    const { create } = build(old);
    expect(create.Entrypoint).toEqual(['/other']);
    expect(create.Cmd).toEqual(['serve']);
  });

  it('copies user labels, replaces bookkeeping labels and drops image labels', () => {
    expect(build().create.Labels).toEqual({
      'imagestreams.io/follow': 'app:latest',
      team: 'blue',
      'imagestreams.io/replaces': ID,
    });
  });

  it('keeps the host config and re-attaches anonymous volumes by name', () => {
    const hc = build().create.HostConfig as Record<string, unknown>;
    expect(hc.Binds).toEqual(['/host:/conf:ro']);
    expect(hc.RestartPolicy).toEqual({ Name: 'always', MaximumRetryCount: 0 });
    expect(hc.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '1m' } });
    expect(hc.Mounts).toEqual([{ Type: 'volume', Source: 'anon123', Target: '/data', ReadOnly: false }]);
  });

  it('drops the generated hostname but keeps a chosen one', () => {
    expect(build().create.Hostname).toBeUndefined();
    const old = inspect();
    old.Config.Hostname = 'web.local';
    expect(build(old).create.Hostname).toBe('web.local');
  });

  it('creates with the primary network and connects the others, without the old short-id alias', () => {
    const spec = build();
    expect(spec.create.NetworkingConfig).toEqual({ EndpointsConfig: { shop_default: { Aliases: ['web'] } } });
    expect(spec.connect).toEqual([
      { network: 'backend', endpoint: { Aliases: ['web'], IPAMConfig: { IPv4Address: '10.0.0.5' } } },
    ]);
  });

  it('sends no endpoints and no hostname for host networking', () => {
    const old = inspect({ HostConfig: { NetworkMode: 'host' }, NetworkSettings: { Networks: { host: {} } } });
    old.Config.Hostname = 'the-host';
    const spec = build(old);
    expect(spec.create.NetworkingConfig).toBeUndefined();
    expect(spec.connect).toEqual([]);
    expect(spec.create.Hostname).toBeUndefined();
  });

  it('keeps the whole config when the old image is gone', () => {
    const spec = buildReplacementSpec({
      old: inspect(),
      oldImage: undefined,
      image: 'r/app@sha256:new',
      name: 'n',
      labels: {},
    });
    expect(spec.create.Env).toEqual(['PATH=/bin', 'PORT=8080', 'GREETING=hi']);
    expect(spec.create.Cmd).toEqual(['serve']);
  });
});
