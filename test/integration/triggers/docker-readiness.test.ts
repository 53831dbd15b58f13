/**
 * Docker target, faster rollouts, against a real engine and registry: our own readiness check
 * (`imagestreams.io/readiness`) gates a replacement instead of Docker's healthcheck, and
 * `imagestreams.io/rollout-strategy=start-first` starts the new container before stopping the old
 * one where their ports cannot conflict (and falls back to stop-first where they can).
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepAction, type RolloutRecord } from '../../../src/triggers/rollout-record.js';
import { discoverFollowers } from '../../../src/triggers/targets/docker/discover.js';
import { inspectContainer, pullImage } from '../../../src/triggers/targets/docker/inspect.js';
import { rollOut } from '../../../src/triggers/targets/docker/rollout.js';
import { removeContainers, startDocker, type TestDocker } from '../../support/docker.js';
import { startRegistry, type TestRegistry } from '../../support/registry/index.js';
import { buildAndPushTestImage, freePort, type BuiltImage } from '../../support/test-images.js';

const PREFIX = `isready${process.pid}`;
const READINESS = 'imagestreams.io/readiness';
const STRATEGY = 'imagestreams.io/rollout-strategy';

let engine: TestDocker;
let registry: TestRegistry;
let docker: Docker;
let v1: BuiltImage;
let v2: BuiltImage;

async function run(
  name: string,
  port: number,
  labels: Record<string, string>,
  network = 'host',
): Promise<string> {
  const c = await docker.createContainer({
    name: `${PREFIX}-${name}`,
    Image: v1.reference,
    Env: [`PORT=${port}`],
    Labels: { 'imagestreams.io/follow': 'app:latest', ...labels },
    HostConfig: { NetworkMode: network, Init: true },
  });
  await c.start();
  return c.id;
}

async function rollTo(name: string, img: BuiltImage, healthTimeoutMs = 20_000): Promise<RolloutRecord> {
  const group = (await discoverFollowers(docker)).find((g) => g.key === `docker:container/${PREFIX}-${name}`);
  if (!group) throw new Error(`no follower ${name}`);
  return rollOut(docker, group, {
    toReference: img.reference,
    toDigest: img.digest,
    healthTimeoutMs,
    stopTimeoutSeconds: 2,
    pollMs: 100,
  });
}

const actions = (r: RolloutRecord) => r.steps.map((s) => s.action);
const step = (r: RolloutRecord, action: string) => r.steps.find((s) => s.action === action);

async function imageOf(name: string): Promise<string | undefined> {
  return (await inspectContainer(docker, `${PREFIX}-${name}`)).Config.Image;
}

beforeAll(async () => {
  engine = await startDocker();
  docker = engine.docker;
  registry = await startRegistry();
  const repository = `${registry.host}/default/ready`;
  v1 = await buildAndPushTestImage(docker, { repository, version: 'v1' });
  v2 = await buildAndPushTestImage(docker, { repository, version: 'v2' });
  await pullImage(docker, v1.reference);
});

afterAll(async () => {
  if (docker) {
    const ours = (await docker.listContainers({ all: true }))
      .filter((c) => (c.Names[0] ?? '').replace(/^\//, '').startsWith(PREFIX))
      .map((c) => c.Id);
    await removeContainers(docker, ours);
  }
  await registry?.stop();
  await engine?.stop();
});

describe('readiness label', () => {
  it('passes the gate on our HTTP check, not on Docker’s healthcheck', async () => {
    const port = await freePort();
    await run('http', port, { [READINESS]: `http:${port}/version` });
    const record = await rollTo('http', v2);
    expect(record.result).toBe('Succeeded');
    expect(step(record, StepAction.Health)?.message).toBe(`ready (http:${port}/version)`);
    expect(await imageOf('http')).toBe(v2.reference);
  });

  it('passes on a TCP connect', async () => {
    const port = await freePort();
    await run('tcp', port, { [READINESS]: `tcp:${port}` });
    const record = await rollTo('tcp', v2);
    expect(record.result).toBe('Succeeded');
    expect(step(record, StepAction.Health)?.message).toBe(`ready (tcp:${port})`);
  });

  it('rolls back when the check never answers within the health timeout', async () => {
    const port = await freePort();
    await run('missing', port, { [READINESS]: `http:${port}/missing` });
    const record = await rollTo('missing', v2, 1_500);
    expect(record.result).toBe('RolledBack');
    expect(step(record, StepAction.Health)?.message).toBe(
      `the new container was not ready (http:${port}/missing) within 1500 ms`,
    );
    expect(await imageOf('missing')).toBe(v1.reference);
  });

  it('a malformed label fails the rollout naming it, touching nothing', async () => {
    const port = await freePort();
    const id = await run('bad', port, { [READINESS]: 'http:99999/' });
    const record = await rollTo('bad', v2);
    expect(record.result).toBe('Failed');
    expect(record.reason).toContain(READINESS);
    expect(actions(record)).toEqual([StepAction.Pull, StepAction.Create]);
    expect((await inspectContainer(docker, `${PREFIX}-bad`)).Id).toBe(id);
  });
});

describe('start-first', () => {
  it('starts the new container before stopping the old one where ports cannot conflict', async () => {
    // network "none": each container has its own loopback, so both may listen on the port
    const port = await freePort();
    await run('first', port, { [STRATEGY]: 'start-first' }, 'none');
    const record = await rollTo('first', v2);
    expect(record.result).toBe('Succeeded');
    expect(actions(record)).toEqual([
      StepAction.Pull,
      StepAction.Create,
      StepAction.StartNew,
      StepAction.Health,
      StepAction.StopOld,
      StepAction.RemoveOld,
      StepAction.Rename,
    ]);
    expect(await imageOf('first')).toBe(v2.reference);
  });

  it('falls back to stop-first on the host network, and says why', async () => {
    const port = await freePort();
    await run('host', port, { [STRATEGY]: 'start-first', [READINESS]: `http:${port}/version` });
    const record = await rollTo('host', v2);
    expect(record.result).toBe('Succeeded');
    expect(actions(record).slice(2, 4)).toEqual([StepAction.StopOld, StepAction.StartNew]);
    expect(step(record, StepAction.StopOld)?.message).toBe('start-first not used: it uses the host network');
  });
});
