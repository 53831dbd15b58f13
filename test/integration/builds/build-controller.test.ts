/**
 * The build controller taking over: builds a previous leader left Pending or Running end as Error
 * (never run again), queued builds a user cancelled end as Cancelled, SerialLatestOnly cancels
 * the older queued builds. Two servers on one data dir: the first (API only) writes the state a
 * dead leader leaves, the second runs the controller.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Build } from '../../../src/builds/schema.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { connectDocker } from '../../../src/triggers/targets/docker/engine.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { BUILD_CONFIGS, BUILDS } from '../../../src/store/resource-types.js';
import { until } from '../../support/until.js';

const NS = 'ctl';

const bc = (name: string, runPolicy: string, lastVersion: number) => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'BuildConfig',
  metadata: { name, namespace: NS },
  spec: {
    runPolicy,
    source: { type: 'Dockerfile', dockerfile: 'FROM scratch\nLABEL a=b\n' },
    strategy: { type: 'Docker', dockerStrategy: {} },
    output: {},
    triggers: [],
  },
  status: { lastVersion },
});

const build = (config: string, n: number, status: object): Build =>
  ({
    apiVersion: 'build.openshift.io/v1',
    kind: 'Build',
    metadata: {
      name: `${config}-${n}`,
      namespace: NS,
      labels: { 'openshift.io/build-config.name': config },
      annotations: { 'openshift.io/build.number': String(n) },
    },
    spec: {
      source: { type: 'Dockerfile', dockerfile: 'FROM scratch\nLABEL a=b\n' },
      strategy: { type: 'Docker', dockerStrategy: {} },
      output: {},
    },
    status,
  }) as Build;

describe('build controller on a new leader', () => {
  let dataDir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'is-build-ctl-'));
    const before = await startServer({
      listen: '127.0.0.1:0',
      dataDir,
      extensions: [buildsExtension({ enabled: false })],
    });
    const s = before.store;
    await s.create(BUILD_CONFIGS, bc('serial', 'Serial', 3));
    await s.create(BUILDS, build('serial', 1, { phase: 'Running', startTimestamp: '2026-01-01T00:00:00Z' }));
    await s.create(BUILDS, build('serial', 2, { phase: 'Pending' }));
    await s.create(BUILDS, build('serial', 3, { phase: 'New', cancelled: true }));
    await s.create(BUILD_CONFIGS, bc('latest', 'SerialLatestOnly', 3));
    await s.create(BUILDS, build('latest', 1, { phase: 'Running' }));
    await s.create(BUILDS, build('latest', 2, { phase: 'New' }));
    await s.create(BUILDS, build('latest', 3, { phase: 'New' }));
    await before.close();
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir,
      // an engine that is not there: a build that starts fails, and the test sees it
      extensions: [buildsExtension({ docker: connectDocker(`unix://${join(dataDir, 'no-docker.sock')}`) })],
    });
  });

  afterAll(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const phase = (name: string) =>
    until(
      `${name} final`,
      async () => {
        const b = (await server.store.get(BUILDS, NS, name)) as Build | undefined;
        return b?.status?.completionTimestamp ? b.status : undefined;
      },
      15_000,
      50,
    );

  it('ends builds left Pending or Running as Error, never running them again', async () => {
    expect(await phase('serial-1')).toMatchObject({ phase: 'Error', reason: 'BuildPodDeleted' });
    expect(await phase('serial-2')).toMatchObject({ phase: 'Error', reason: 'BuildPodDeleted' });
  });

  it('ends a cancelled queued build as Cancelled', async () => {
    expect(await phase('serial-3')).toMatchObject({
      phase: 'Cancelled',
      reason: 'CancelledBuild',
      cancelled: true,
    });
  });

  it('SerialLatestOnly cancels the older queued build and runs the newest', async () => {
    expect(await phase('latest-2')).toMatchObject({ phase: 'Cancelled', reason: 'CancelledBuild' });
    // it ran: on an engine that is not there it fails in the build step
    expect(await phase('latest-3')).toMatchObject({ phase: 'Failed', reason: 'DockerBuildFailed' });
  });
});
