/**
 * Docker target details against a real engine: pulling from a registry behind basic auth, the
 * settle gate for a container whose healthcheck is disabled, and engine discovery.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, pingDocker } from '../../../src/triggers/targets/docker/engine.js';
import { discoverFollowers } from '../../../src/triggers/targets/docker/discover.js';
import { inspectContainer, pullImage } from '../../../src/triggers/targets/docker/inspect.js';
import { planGroup } from '../../../src/triggers/targets/docker/plan.js';
import { rollOut } from '../../../src/triggers/targets/docker/rollout.js';
import { removeContainers, startDocker, type TestDocker } from '../../support/docker.js';
import { buildAndPushTestImage, freePort, type BuiltImage } from '../../support/test-images.js';
import { decodeImageStream } from '../../support/image-stream.js';
import { startRegistry, type TestRegistry } from '../../support/registry/index.js';

let AUTH = { username: '', password: '' };
const NAME = `isauth${process.pid}`;

let engine: TestDocker;
let registry: TestRegistry;
let docker: Docker;
let v1: BuiltImage;
let v2: BuiltImage;
let port = 0;

beforeAll(async () => {
  engine = await startDocker();
  docker = engine.docker;
  registry = await startRegistry({ auth: 'htpasswd' });
  AUTH = { username: registry.username ?? '', password: registry.password ?? '' };
  const repository = `${registry.host}/default/app`;
  v1 = await buildAndPushTestImage(docker, { repository, version: 'v1', auth: AUTH });
  v2 = await buildAndPushTestImage(docker, { repository, version: 'v2', auth: AUTH });
  for (const img of [v1, v2])
    await docker
      .getImage(img.tagged)
      .remove()
      .catch(() => undefined);
  await pullImage(docker, v1.reference, { ...AUTH, serveraddress: registry.host });
  port = await freePort();
  const c = await docker.createContainer({
    name: NAME,
    Image: v1.reference,
    Env: [`PORT=${port}`],
    Labels: { 'imagestreams.io/follow': 'default/app:latest' },
    Healthcheck: { Test: ['NONE'] },
    HostConfig: { NetworkMode: 'host', Init: true },
  });
  await c.start();
});

afterAll(async () => {
  if (docker) await removeContainers(docker, [NAME, `${NAME}-hc`]);
  await registry?.stop();
  await engine?.stop();
});

const stream = (img: BuiltImage) =>
  decodeImageStream({
    status: {
      tags: [{ tag: 'latest', items: [{ dockerImageReference: img.reference, image: img.digest }] }],
    },
  });

describe('Docker target with a private registry', () => {
  it('reports whether the engine answers', async () => {
    expect(await pingDocker(connectDocker(engine.host))).toEqual({ ok: true });
    const down = await pingDocker(connectDocker('unix:///nonexistent/docker.sock'));
    expect(down.ok).toBe(false);
  });

  it('plans a rollout when the tag moves to a digest the container does not run', async () => {
    const group = (await discoverFollowers(docker)).find((g) => g.key === `docker:container/${NAME}`);
    if (!group) throw new Error('follower not found');
    expect(await planGroup(docker, group, stream(v1), {})).toMatchObject({ fire: false, reason: 'UpToDate' });
    expect(await planGroup(docker, group, stream(v2), {})).toMatchObject({
      fire: true,
      reference: v2.reference,
    });
  });

  it('fails without credentials, leaving the container alone and the password out of the record', async () => {
    const group = (await discoverFollowers(docker)).find((g) => g.key === `docker:container/${NAME}`);
    if (!group) throw new Error('follower not found');
    const before = await inspectContainer(docker, NAME);
    const r = await rollOut(docker, group, {
      toReference: v2.reference,
      toDigest: v2.digest,
      healthTimeoutMs: 10_000,
    });
    expect(r.result).toBe('Failed');
    expect(r.rejectedDigest).toBeUndefined();
    expect(r.steps.map((s) => [s.action, s.ok])).toEqual([['pull', false]]);
    expect((await inspectContainer(docker, NAME)).Id).toBe(before.Id);

    const withAuth = await rollOut(docker, group, {
      toReference: `${v2.reference}`,
      toDigest: v2.digest,
      registryAuth: { username: AUTH.username, password: 'wrong-password', serveraddress: registry.host },
    });
    expect(withAuth.result).toBe('Failed');
    expect(JSON.stringify(withAuth)).not.toContain('wrong-password');
  });

  it('pulls with credentials and gates a container without healthcheck on staying up', async () => {
    const group = (await discoverFollowers(docker)).find((g) => g.key === `docker:container/${NAME}`);
    if (!group) throw new Error('follower not found');
    const recorded: string[] = [];
    const r = await rollOut(docker, group, {
      toReference: v2.reference,
      toDigest: v2.digest,
      registryAuth: { ...AUTH, serveraddress: registry.host },
      settleMs: 1_000,
      stopTimeoutSeconds: 2,
      recorder: {
        progress: (rec) => void recorded.push(rec.steps.at(-1)?.action ?? 'start'),
        finished: (rec) => void recorded.push(`done:${rec.result}`),
      },
    });
    expect(r.result, r.reason).toBe('Succeeded');
    expect(r.steps.find((s) => s.action === 'health')?.message).toContain('no healthcheck');
    expect(recorded.at(0)).toBe('start');
    expect(recorded.at(-1)).toBe('done:Succeeded');
    expect(JSON.stringify(r)).not.toContain(AUTH.password);
    const c = await inspectContainer(docker, NAME);
    expect(c.Config.Image).toBe(v2.reference);
    expect(c.Config.Healthcheck?.Test).toEqual(['NONE']);
    expect(c.Config.Labels?.['imagestreams.io/follow']).toBe('default/app:latest');
    const body = await fetch(`http://127.0.0.1:${port}/version`).then((x) => x.text());
    expect(body.trim()).toBe('v2');
  });

  it('rolls back when the replacement is not healthy within the timeout', async () => {
    const hcPort = await freePort();
    const c = await docker.createContainer({
      name: `${NAME}-hc`,
      Image: v1.reference,
      Env: [`PORT=${hcPort}`],
      Labels: { 'imagestreams.io/follow': 'other:latest' },
      HostConfig: { NetworkMode: 'host', Init: true },
    });
    await c.start();
    const group = (await discoverFollowers(docker)).find((g) => g.key === `docker:container/${NAME}-hc`);
    if (!group) throw new Error('follower not found');
    const r = await rollOut(docker, group, {
      toReference: v2.reference,
      toDigest: v2.digest,
      registryAuth: { ...AUTH, serveraddress: registry.host },
      healthTimeoutMs: 300,
      stopTimeoutSeconds: 2,
    });
    expect(r.result).toBe('RolledBack');
    expect(r.reason).toContain('not healthy within 300 ms');
    const after = await inspectContainer(docker, `${NAME}-hc`);
    expect(after.Id).toBe(c.id);
    expect(after.State.Running).toBe(true);
    expect(after.Config.Image).toBe(v1.reference);
  });
});
