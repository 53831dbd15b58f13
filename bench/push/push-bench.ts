/**
 * Push-to-tag-updated latency (issue 4). Two paths, each with the real server in this process:
 * - notifications: a stream tag follows REPO:latest on the Debian docker-registry, which notifies
 *   the server (`isctl serve --notifications-token`); the server imports the pushed digest.
 * - integrated: `isctl serve --with-registry`; the push to NS/NAME:latest moves the stream tag.
 * For each push the blobs go up first; the clock starts at the manifest PUT (its start and its
 * return are both recorded) and stops when a store watch on the stream shows the new digest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtensions, type ServeSettings } from '../../src/cli/commands/serve-flags.js';
import { integratedRegistryExtension } from '../../src/integrated-registry/index.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { IMAGE_STREAMS } from '../../src/store/resource-types.js';
import type { PushTarget, TestRegistry } from '../../test/support/registry/index.js';
import { startNotifyingRegistry } from '../support/notifying-registry.js';
import { postObject } from '../support/api.js';
import { nowMs, percentiles, round, type Percentiles } from '../support/measure.js';
import { prepareTagPush } from '../../test/support/registry/prepared-push.js';
import { observeTag } from '../support/tag-observer.js';

const TOKEN = 'bench-notify-token';

export interface PushPathResult {
  path: 'notifications' | 'integrated';
  pushes: number;
  /** manifest PUT returned -> watch shows the digest */
  fromPutReturnMs: Percentiles;
  /** manifest PUT started -> watch shows the digest */
  fromPutStartMs: Percentiles;
  /** manifest PUT itself (start -> 201) */
  putMs: Percentiles;
  /** pushes whose tag moved before the PUT's answer was read */
  updatedBeforePutReturned: number;
  /**
   * HTTP 500s docker-registry answered (its error log; the notifications path only): most are
   * a manifest read by tag while the registry rewrites the tag link, `invalid checksum digest format`
   */
  registryServerErrors?: number;
}

export interface PushBenchResult {
  notifications: PushPathResult;
  integrated?: PushPathResult;
}

interface Setup {
  server: RunningServer;
  target: PushTarget;
  namespace: string;
  stream: string;
  repo: string;
}

async function measure(setup: Setup, path: PushPathResult['path'], pushes: number): Promise<PushPathResult> {
  const observer = await observeTag(setup.server.store, setup.namespace, setup.stream, 'latest');
  const fromReturn: number[] = [];
  const fromStart: number[] = [];
  const put: number[] = [];
  let early = 0;
  try {
    for (let i = 0; i < pushes; i++) {
      const push = await prepareTagPush(setup.target, setup.repo, 'latest');
      const started = nowMs();
      await push.commit();
      const returned = nowMs();
      const updated = await observer.wait(push.digest, 15_000);
      if (updated < returned) early++;
      fromReturn.push(Math.max(0, updated - returned));
      fromStart.push(updated - started);
      put.push(returned - started);
    }
  } finally {
    await observer.stop();
  }
  return {
    path,
    pushes,
    fromPutReturnMs: percentiles(fromReturn),
    fromPutStartMs: percentiles(fromStart),
    putMs: percentiles(put),
    updatedBeforePutReturned: early,
  };
}

const api = (server: RunningServer, path: string, body: object): Promise<void> =>
  postObject(server.url, path, body);

/** The stream follows REPO:latest; the first push is imported by hand (no stream existed for it). */
async function followTag(server: RunningServer, registry: TestRegistry, repo: string): Promise<void> {
  const from = { kind: 'DockerImage', name: `${registry.host}/${repo}:latest` };
  await api(server, '/apis/image.openshift.io/v1/namespaces/default/imagestreams', {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'push' },
    spec: { tags: [{ name: 'latest', from, importPolicy: { insecure: true } }] },
  });
  await api(server, '/apis/image.openshift.io/v1/namespaces/default/imagestreamimports', {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: 'push' },
    spec: { import: true, images: [{ from, to: { name: 'latest' }, importPolicy: { insecure: true } }] },
  });
}

async function notificationsPath(pushes: number): Promise<PushPathResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-push-'));
  let server: RunningServer | undefined;
  let registry: TestRegistry | undefined;
  try {
    const settings = { listen: '127.0.0.1:0', dataDir, notificationsToken: TOKEN } as ServeSettings;
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir,
      extensions: await buildExtensions(settings),
    });
    registry = await startNotifyingRegistry(server.url, TOKEN);
    const repo = 'bench/push';
    const first = await prepareTagPush(registry, repo, 'latest');
    await first.commit();
    await followTag(server, registry, repo);
    const result = await measure(
      { server, target: registry, namespace: 'default', stream: 'push', repo },
      'notifications',
      pushes,
    );
    return { ...result, registryServerErrors: serverErrors(registry.logs()) };
  } finally {
    await registry?.stop();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** 500s in docker-registry's log (level warn: errors only, one line per failed request) */
function serverErrors(logs: string): number {
  return logs.split('\n').filter((line) => line.includes('http.response.status=500')).length;
}

async function integratedPath(pushes: number): Promise<PushPathResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-push-ir-'));
  const ext = integratedRegistryExtension({ dataDir, listen: '127.0.0.1:0' });
  let server: RunningServer | undefined;
  try {
    server = await startServer({ listen: '127.0.0.1:0', dataDir, extensions: [ext] });
    const target: PushTarget = {
      url: `http://${ext.registryHost() ?? ''}`,
      pushAuthorization: () => undefined,
    };
    // the first push creates the stream; the timed ones move its tag
    await (await prepareTagPush(target, 'bench/latency', 'latest')).commit();
    const setup = { server, target, namespace: 'bench', stream: 'latency', repo: 'bench/latency' };
    const deadline = Date.now() + 15_000;
    while (!(await server.store.get(IMAGE_STREAMS, 'bench', 'latency'))) {
      if (Date.now() > deadline)
        throw new Error('the integrated registry push created no stream within 15 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    return await measure(setup, 'integrated', pushes);
  } finally {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function runPushBench(options: {
  pushes: number;
  integrated: boolean;
}): Promise<PushBenchResult> {
  const notifications = await notificationsPath(options.pushes);
  if (!options.integrated) return { notifications };
  return { notifications, integrated: await integratedPath(options.pushes) };
}

export function pushRows(result: PushBenchResult): Record<string, string | number>[] {
  const paths = [result.notifications, ...(result.integrated ? [result.integrated] : [])];
  const ms = (p: Percentiles): string => `${round(p.p50, 1)} / ${round(p.p99, 1)} / ${round(p.max, 1)}`;
  return paths.map((p) => ({
    path:
      p.path === 'notifications' ? 'docker-registry notifications' : 'integrated registry (--with-registry)',
    pushes: p.pushes,
    'PUT returned -> tag moved p50/p99/max ms': ms(p.fromPutReturnMs),
    'PUT started -> tag moved p50/p99/max ms': ms(p.fromPutStartMs),
    'manifest PUT p50/p99 ms': `${round(p.putMs.p50, 1)} / ${round(p.putMs.p99, 1)}`,
    'moved before PUT returned': p.updatedBeforePutReturned,
    'registry 500s': p.registryServerErrors ?? '–',
  }));
}
