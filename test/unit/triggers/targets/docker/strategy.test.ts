import { describe, expect, it } from 'vitest';
import { parseReadiness, readinessAddress } from '../../../../../src/triggers/targets/docker/readiness.js';
import type { ContainerInspectSchema } from '../../../../../src/triggers/targets/docker/schema.js';
import { portConflict, replacePlan } from '../../../../../src/triggers/targets/docker/strategy.js';

function container(
  hostConfig: ContainerInspectSchema['HostConfig'],
  labels: Record<string, string> = {},
  networks: Record<string, unknown> = {},
): ContainerInspectSchema {
  return {
    Id: 'c'.repeat(64),
    Name: '/web',
    Image: 'sha256:1',
    Config: { Labels: labels },
    HostConfig: hostConfig,
    State: { Status: 'running', Running: true },
    NetworkSettings: { Networks: networks as Record<string, never> },
  };
}

describe('readiness label', () => {
  it('reads tcp:PORT and http:PORT/PATH', () => {
    expect(parseReadiness('tcp:5432')).toEqual({ kind: 'tcp', port: 5432, path: '/', label: 'tcp:5432' });
    expect(parseReadiness('http:8080/healthz?full=1')).toEqual({
      kind: 'http',
      port: 8080,
      path: '/healthz?full=1',
      label: 'http:8080/healthz?full=1',
    });
    expect(parseReadiness('http:80')).toMatchObject({ kind: 'http', path: '/' });
  });

  it('refuses anything else, saying what it expects', () => {
    for (const bad of [
      '',
      'tcp',
      'tcp:0',
      'http:65536/',
      'udp:53',
      'tcp:80/path',
      'http:abc/',
      'http://x:80/',
    ])
      expect(parseReadiness(bad)).toHaveProperty('error');
  });

  it('checks a host-network container on the engine host, any other at its IP', () => {
    expect(readinessAddress(container({ NetworkMode: 'host' }), '127.0.0.1')).toBe('127.0.0.1');
    const bridged = container({ NetworkMode: 'app' }, {}, { app: { IPAddress: '172.18.0.5' } });
    expect(readinessAddress(bridged, '127.0.0.1')).toBe('172.18.0.5');
    expect(
      readinessAddress(container({ NetworkMode: 'none' }, {}, { none: { IPAddress: '' } }), 'h'),
    ).toBeUndefined();
  });
});

describe('rollout strategy', () => {
  it('sees a port conflict on the host network, a shared network and fixed host ports only', () => {
    expect(portConflict(container({ NetworkMode: 'host' }))).toBe('it uses the host network');
    expect(portConflict(container({ NetworkMode: 'container:db' }))).toBe(
      "it uses another container's network",
    );
    expect(
      portConflict(
        container({ NetworkMode: 'bridge', PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] } }),
      ),
    ).toBe('it publishes 80/tcp on host port 8080');
    // ephemeral host ports never collide
    expect(
      portConflict(
        container({ NetworkMode: 'bridge', PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '' }] } }),
      ),
    ).toBeUndefined();
    expect(portConflict(container({ NetworkMode: 'app' }))).toBeUndefined();
  });

  it('is stop-first unless asked, start-first where allowed, and falls back where ports conflict', () => {
    expect(replacePlan(container({ NetworkMode: 'app' }))).toEqual({ strategy: 'stop-first' });
    const asked = { 'imagestreams.io/rollout-strategy': 'start-first' };
    expect(replacePlan(container({ NetworkMode: 'app' }, asked))).toEqual({ strategy: 'start-first' });
    expect(replacePlan(container({ NetworkMode: 'host' }, asked))).toEqual({
      strategy: 'stop-first',
      fallback: 'start-first not used: it uses the host network',
    });
    expect(replacePlan(container({}, { 'imagestreams.io/rollout-strategy': 'blue-green' }))).toHaveProperty(
      'error',
    );
    expect(replacePlan(container({}, { 'imagestreams.io/readiness': 'tcp:x' }))).toHaveProperty('error');
  });
});
