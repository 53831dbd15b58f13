/**
 * `docker push` to one SIGTERM-respecting container serving (issue 12): a single busybox httpd
 * (`--network host`, `Init: true` so SIGTERM reaches httpd and it exits at once, StopTimeout 2 s)
 * labelled `imagestreams.io/readiness=http:PORT/version`, following its own stream. Each round
 * builds and pushes v(n) as `latest` and measures from the push finishing to the container
 * answering v(n) (polled every 10 ms), and to the rollout record finishing.
 */
import type Docker from 'dockerode';
import type { RunningServer } from '../../src/server/serve.js';
import { recordOf, ROLLOUTS } from '../../src/triggers/rollout-store.js';
import { pullImage } from '../../src/triggers/targets/docker/inspect.js';
import { freePort, type BuiltImage } from '../../test/support/test-images.js';
import { percentiles, type Percentiles } from '../support/measure.js';
import { versionAt } from './client-loop.js';
import { until } from '../../test/support/until.js';
import { followLatest, pushLatest } from './rollout-support.js';

export interface SingleRound {
  version: string;
  servingMs: number;
  recordedMs: number;
  /** CPU ms of this process (the server, and the bench's polling) from the push finishing to serving */
  cpuMs: number;
  result: string;
  /** ms from the push finishing to the end of each step of the rollout record */
  stepEndMs: Record<string, number>;
}

export interface SingleBenchResult {
  pushes: number;
  rounds: SingleRound[];
  servingMs: Percentiles;
  recordedMs: Percentiles;
  cpuMs: Percentiles;
  /** median over the rounds of SingleRound.stepEndMs, in step order */
  medianStepEndMs: Record<string, number>;
}

export interface SingleEnv {
  docker: Docker;
  server: RunningServer;
  /** REGISTRY/NS/NAME, without tag */
  repository: string;
  /** the container's name */
  name: string;
}

function push(env: SingleEnv, version: string): Promise<BuiltImage> {
  return pushLatest(env.docker, env.repository, version);
}

async function setUp(env: SingleEnv, port: number): Promise<void> {
  const v1 = await push(env, 'v1');
  await followLatest(env.server, 'solo', env.repository);
  await pullImage(env.docker, v1.reference);
  const c = await env.docker.createContainer({
    name: env.name,
    Image: v1.reference,
    Env: [`PORT=${port}`],
    StopTimeout: 2,
    Labels: {
      'imagestreams.io/follow': 'solo:latest',
      'imagestreams.io/readiness': `http:${port}/version`,
    },
    HostConfig: { NetworkMode: 'host', Init: true, RestartPolicy: { Name: 'unless-stopped' } },
  });
  await c.start();
  await until(`:${port} serves v1`, async () => (await versionAt(port)) === 'v1', 30_000, 20);
}

async function oneRound(env: SingleEnv, port: number, version: string): Promise<SingleRound> {
  const img = await push(env, version);
  const pushed = Date.now();
  const cpu = process.cpuUsage();
  const serving = await until(
    `:${port} serves ${version}`,
    async () => ((await versionAt(port, 500)) === version ? Date.now() : undefined),
    60_000,
    10,
  );
  const used = process.cpuUsage(cpu);
  const record = await until(
    `rollout to ${version} recorded`,
    async () =>
      (await env.server.store.list(ROLLOUTS, { namespace: 'default' })).items
        .map(recordOf)
        .find((r) => r.toDigest === img.digest && r.result !== undefined),
    60_000,
    20,
  );
  return {
    version,
    servingMs: serving - pushed,
    recordedMs: Date.now() - pushed,
    cpuMs: Math.round((used.user + used.system) / 1_000),
    result: record.result ?? 'unknown',
    stepEndMs: Object.fromEntries(
      [{ action: 'started', at: record.started }, ...record.steps].map((st) => [
        st.action,
        Date.parse(st.at) - pushed,
      ]),
    ),
  };
}

/** One round at a time, so that rounds of another scenario can run in between (rollout-bench.ts). */
export interface RoundRunner<Round, Result> {
  round(n: number): Promise<Round>;
  result(rounds: Round[]): Result;
  close(): Promise<void>;
}

export async function prepareSingleBench(
  env: SingleEnv,
  pushes: number,
): Promise<RoundRunner<SingleRound, SingleBenchResult>> {
  const port = await freePort();
  await setUp(env, port);
  return {
    async round(n) {
      const r = await oneRound(env, port, `v${n}`);
      process.stdout.write(
        `  single v${n}: serving ${r.servingMs} ms, recorded ~${r.recordedMs} ms (${r.result}), ${r.cpuMs} ms CPU here\n`,
      );
      if (r.result !== 'Succeeded') throw new Error(`the rollout to v${n} ended ${r.result}`);
      return r;
    },
    result: (rounds) => summarize(pushes, rounds),
    close: async () => {},
  };
}

function summarize(pushes: number, rounds: SingleRound[]): SingleBenchResult {
  return {
    pushes,
    rounds,
    servingMs: percentiles(rounds.map((r) => r.servingMs)),
    recordedMs: percentiles(rounds.map((r) => r.recordedMs)),
    cpuMs: percentiles(rounds.map((r) => r.cpuMs)),
    medianStepEndMs: Object.fromEntries(
      Object.keys(rounds[0]?.stepEndMs ?? {}).map((a) => [
        a,
        percentiles(rounds.map((r) => r.stepEndMs[a] ?? NaN)).p50,
      ]),
    ),
  };
}
