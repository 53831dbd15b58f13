/**
 * The server without a usable Docker engine: it serves, says in /readyz?verbose that the Docker
 * target is inactive (and why, in the log), and still serves the rollouts and triggerstates
 * resources. With --disable-docker-target it never tries.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaderElector } from '../../../../src/controllers/leader-election.js';
import { startServer, type RunningServer } from '../../../../src/server/serve.js';
import {
  dockerTargetExtension,
  dockerTargetExtensionFromSettings,
  READY_CHECK_ACTIVE,
  READY_CHECK_INACTIVE,
  READY_CHECK_STANDBY,
  type DockerTargetExtension,
} from '../../../../src/triggers/controller/serve-extension.js';

let server: RunningServer | undefined;
let dir: string | undefined;

async function start(target: DockerTargetExtension, leader?: LeaderElector): Promise<RunningServer> {
  dir = await mkdtemp(join(tmpdir(), 'is-docker-inactive-'));
  server = await startServer({
    listen: '127.0.0.1:0',
    dataDir: dir,
    extensions: [target],
    ...(leader ? { leader } : {}),
  });
  return server;
}

/** An elector the test decides for: another replica leads until `lead()`. */
function manualLeader(): LeaderElector & { lead(): void } {
  let leader = false;
  const listeners = new Set<(l: boolean) => void>();
  const set = (l: boolean) => {
    leader = l;
    for (const fn of listeners) fn(l);
  };
  return {
    start: () => undefined,
    stop: async () => set(false),
    isLeader: () => leader,
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    lead: () => set(true),
  };
}

async function until(what: string, fn: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

async function readyz(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/readyz?verbose`);
  return { status: res.status, text: await res.text() };
}

describe('Docker target without an engine', () => {
  it('is inactive, says so in /readyz?verbose, and the server stays ready', async () => {
    const target = dockerTargetExtension({
      dockerHost: `unix://${tmpdir()}/no-such-docker-${process.pid}.sock`,
    });
    const s = await start(target);
    const deadline = Date.now() + 10_000;
    while (target.state() !== 'inactive' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(target.state()).toBe('inactive');
    expect(target.reason()).toMatch(/Docker engine not reachable/);
    const r = await readyz(s.url);
    expect(r.status).toBe(200);
    expect(r.text).toContain(`[+]${READY_CHECK_INACTIVE} ok`);
    expect(r.text).not.toContain(`[+]${READY_CHECK_ACTIVE} ok`);
    const list = await fetch(`${s.url}/apis/imagestreams.io/v1/namespaces/default/rollouts`);
    expect(list.status).toBe(200);
    const created = await fetch(`${s.url}/apis/imagestreams.io/v1/namespaces/default/rollouts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'imagestreams.io/v1', kind: 'Rollout', metadata: { name: 'x' } }),
    });
    expect(created.status).toBe(405);
  });

  it('stands by while another replica leads, and tries the engine once it leads', async () => {
    const leader = manualLeader();
    const target = dockerTargetExtension({
      dockerHost: `unix://${tmpdir()}/no-such-docker-${process.pid}.sock`,
    });
    const s = await start(target, leader);
    expect(target.state()).toBe('standby');
    expect((await readyz(s.url)).text).toContain(`[+]${READY_CHECK_STANDBY} ok`);
    leader.lead();
    await until('inactive after leading', () => target.state() === 'inactive');
    expect((await readyz(s.url)).text).not.toContain(READY_CHECK_STANDBY);
  });

  it('never tries with --disable-docker-target', async () => {
    const ext = (await dockerTargetExtensionFromSettings({
      disableDockerTarget: true,
    })) as DockerTargetExtension;
    const s = await start(ext);
    expect(ext.state()).toBe('disabled');
    expect((await readyz(s.url)).text).toContain(`[+]${READY_CHECK_INACTIVE} ok`);
  });
});
