/**
 * A Docker engine for tests: the one already reachable (DOCKER_HOST or /var/run/docker.sock), or a
 * private `dockerd` with no iptables, no bridge, and its own data/exec roots in a temp dir. Tests
 * run containers with NetworkMode 'host' bound to 127.0.0.1 ports only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Docker from 'dockerode';

const DOCKERD = process.env.DOCKERD_BIN ?? '/usr/sbin/dockerd';

export interface TestDocker {
  docker: Docker;
  /** The DOCKER_HOST value that reaches this engine. */
  host: string;
  /** True when we started dockerd ourselves. */
  private: boolean;
  stop(): Promise<void>;
}

async function answers(docker: Docker): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

/** The reachable engine, or a private dockerd (set `ISTEST_PRIVATE_DOCKERD=1` to always start one). */
export async function startDocker(timeoutMs = 30_000): Promise<TestDocker> {
  if (process.env.ISTEST_PRIVATE_DOCKERD !== '1') {
    const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    if (host.startsWith('unix://')) {
      const docker = new Docker({ socketPath: host.slice(7), version: 'v1.41' });
      if (await answers(docker)) return { docker, host, private: false, stop: async () => {} };
    }
  }
  return startPrivateDockerd(timeoutMs);
}

export async function startPrivateDockerd(timeoutMs = 30_000): Promise<TestDocker> {
  // Short path: unix socket paths (containerd's live under exec-root) must stay under 108 bytes.
  const dir = await mkdtemp(join(tmpdir(), 'isd-'));
  const socket = join(dir, 'docker.sock');
  const logFd = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn(
    DOCKERD,
    [
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '--host',
      `unix://${socket}`,
      '--shutdown-timeout',
      '2',
    ],
    { stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const docker = new Docker({ socketPath: socket, version: 'v1.41' });
  const stop = () => stopDockerd(child, dir);
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(docker))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = await readFile(join(dir, 'dockerd.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`test dockerd did not answer /_ping within ${timeoutMs} ms:\n${log.slice(-2000)}`);
    }
    await delay(100);
  }
  return { docker, host: `unix://${socket}`, private: true, stop };
}

async function stopDockerd(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), delay(20_000).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  await unmountUnder(dir);
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/** dockerd leaves its default network namespace (an nsfs mount) under exec-root; rm would fail on it. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
  const points = mounts
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((p) => p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const p of points) spawnSync('umount', ['-l', p], { stdio: 'ignore' });
}

/** Force-removes containers by id, ignoring ones already gone. */
export async function removeContainers(docker: Docker, ids: readonly string[]): Promise<void> {
  await Promise.all(
    ids.map((id) =>
      docker
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
}
