/**
 * The Docker target pulls with the credentials of the followed stream's namespace, chosen as the
 * importer chooses them (src/credentials): that namespace's pull Secrets first, the server-wide
 * `--registry-credentials` only where `--registry-credentials-namespaces` allows. Real dockerd and
 * an htpasswd registry; a rollout that cannot pull fails with a reason and never a credential.
 */
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { createPullCredentials } from '../../../src/credentials/index.js';
import { createEventRecorder } from '../../../src/notifications/index.js';
import { rootLogger } from '../../../src/observability/logger.js';
import { parseDockerConfig } from '../../../src/registry/index.js';
import { EVENTS, SECRETS, TRIGGER_STATES } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import {
  startDockerTriggerController,
  type DockerTriggerController,
} from '../../../src/triggers/controller/docker-trigger-controller.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { createRolloutStore, ROLLOUTS } from '../../../src/triggers/rollout-store.js';
import type { RolloutRecord } from '../../../src/triggers/rollout-record.js';
import { inspectContainer, pullImage } from '../../../src/triggers/targets/docker/inspect.js';
import { eventually } from '../../support/until.js';
import { removeContainers, startDocker, type TestDocker } from '../../support/docker.js';
import { buildAndPushTestImage, freePort, type BuiltImage } from '../../support/test-images.js';
import { startRegistry, type TestRegistry } from '../../support/registry/index.js';

// before the modules create their loggers: every level, so every line can be searched
const { logLevel } = vi.hoisted(() => {
  const before = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'trace';
  return { logLevel: before };
});

const NAME = `ispullsec${process.pid}`;
/** team-a has a pull Secret; team-b has none and is not in --registry-credentials-namespaces; team-c is */
const TEAMS = ['team-a', 'team-b', 'team-c'] as const;

let engine: TestDocker;
let registry: TestRegistry;
let docker: Docker;
let store: Store;
let controller: DockerTriggerController | undefined;
let v1: BuiltImage;
let v2: BuiltImage;
let password = '';
let basicAuth = '';
const logged: string[] = [];
let originalStream: unknown;

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dockerConfig = () => JSON.stringify({ auths: { [registry.host]: { auth: basicAuth } } });

function stream(namespace: string, img: BuiltImage): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { namespace, name: 'app' },
    spec: { tags: [{ name: 'latest' }] },
    status: {
      tags: [
        {
          tag: 'latest',
          items: [
            {
              dockerImageReference: img.reference,
              image: img.digest,
              created: '2026-01-01T00:00:00Z',
              generation: 1,
            },
          ],
        },
      ],
    },
  } as KubeObject;
}

beforeAll(async () => {
  // every log line of the controller, at every level, is searched for the credentials
  originalStream = (rootLogger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged.push(chunk.toString());
      done();
    },
  });
  (rootLogger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = sink;
  engine = await startDocker();
  docker = engine.docker;
  registry = await startRegistry({ auth: 'htpasswd' });
  const auth = { username: registry.username ?? '', password: registry.password ?? '' };
  password = auth.password;
  basicAuth = b64(`${auth.username}:${auth.password}`);
  const repository = `${registry.host}/private/app`;
  v1 = await buildAndPushTestImage(docker, { repository, version: 'v1', auth });
  v2 = await buildAndPushTestImage(docker, { repository, version: 'v2', auth });
  for (const img of [v1, v2])
    await docker
      .getImage(img.tagged)
      .remove()
      .catch(() => undefined);
  await pullImage(docker, v1.reference, { ...auth, serveraddress: registry.host });
  for (const team of TEAMS) {
    const c = await docker.createContainer({
      name: `${NAME}-${team}`,
      Image: v1.reference,
      Env: [`PORT=${await freePort()}`],
      Labels: { 'imagestreams.io/follow': `${team}/app:latest` },
      Healthcheck: { Test: ['NONE'] },
      HostConfig: { NetworkMode: 'host', Init: true },
    });
    await c.start();
  }
  store = await openSqliteStore({ path: ':memory:' });
});

afterAll(async () => {
  await controller?.stop();
  await store?.close();
  if (docker)
    await removeContainers(
      docker,
      TEAMS.map((t) => `${NAME}-${t}`),
    );
  await registry?.stop();
  await engine?.stop();
  (rootLogger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = originalStream;
  if (logLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = logLevel;
});

async function finished(namespace: string): Promise<RolloutRecord> {
  const rollouts = createRolloutStore({ store });
  let record: RolloutRecord | undefined;
  await eventually(async () => {
    record = (await rollouts.listRollouts(namespace)).find((r) => r.result !== undefined);
    return record !== undefined;
  }, 30_000);
  if (!record) throw new Error(`no finished rollout in ${namespace}`);
  return record;
}

describe('Docker target credentials by namespace', () => {
  it("rolls with the namespace's pull Secret, or --registry-credentials where allowed, and fails clearly elsewhere", async () => {
    await store.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { namespace: 'team-a', name: 'pull' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(dockerConfig()) },
    } as KubeObject);
    for (const team of TEAMS) await store.create(IMAGE_STREAMS, stream(team, v2));
    controller = await startDockerTriggerController({
      docker,
      store,
      rollouts: createRolloutStore({ store, events: createEventRecorder({ store }) }),
      // valid server-wide credentials that team-b must not get
      credentialsFor: createPullCredentials({
        store,
        serverWide: parseDockerConfig(dockerConfig()),
        serverWideNamespaces: ['team-c'],
      }),
      dockerEvents: false,
      maxFailures: 1,
      rollout: { settleMs: 300, pollMs: 50, stopTimeoutSeconds: 1 },
    });

    for (const team of ['team-a', 'team-c']) {
      const r = await finished(team);
      expect(r.result, r.reason).toBe('Succeeded');
      expect((await inspectContainer(docker, `${NAME}-${team}`)).Config.Image).toBe(v2.reference);
    }
    const b = await finished('team-b');
    expect(b.result).toBe('Failed');
    expect(b.steps.map((s) => [s.action, s.ok])).toEqual([['pull', false]]);
    expect(b.reason).toContain(`pulling ${v2.reference} failed`);
    expect(b.reason).toContain(`namespace team-b has no pull Secret for ${registry.host}`);
    expect((await inspectContainer(docker, `${NAME}-team-b`)).Config.Image).toBe(v1.reference);

    await controller.stop();
    controller = undefined;
    const stored = JSON.stringify(
      await Promise.all([EVENTS, ROLLOUTS, TRIGGER_STATES].map(async (r) => (await store.list(r)).items)),
    );
    expect(stored).toContain('team-b has no pull Secret');
    expect(logged.join('')).toContain('team-b has no pull Secret');
    for (const text of [stored, logged.join('')]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(basicAuth);
    }
  }, 90_000);
});
