/**
 * `docker push` to containers serving (issue 5), as in the Docker end-to-end test: a Docker engine,
 * the Debian docker-registry notifying the server (the extensions `isctl serve` builds, Docker
 * target included, with its defaults), and three busybox httpd replicas (`--network host`,
 * healthchecked, StopTimeout 2 s) following `app:latest`. Each round builds and pushes v(n) as
 * `latest` and measures from the push finishing to the first, then every replica answering v(n),
 * and to the rollout record finishing. A steady client loop runs through every rollout.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { buildExtensions, type ServeSettings } from '../../src/cli/commands/serve-flags.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { recordOf, ROLLOUTS } from '../../src/triggers/rollout-store.js';
import { pullImage } from '../../src/triggers/targets/docker/inspect.js';
import { startDocker, type TestDocker } from '../../test/support/docker.js';
import type { TestRegistry } from '../../test/support/registry/index.js';
import { startNotifyingRegistry, tearDownDockerBench } from '../support/notifying-registry.js';
import { freePort, type BuiltImage } from '../../test/support/test-images.js';
import { percentiles, round, sleep, type Percentiles } from '../support/measure.js';
import { startClientLoop, versionAt, type LoopCounts } from './client-loop.js';
import { until } from '../../test/support/until.js';
import { followLatest, pushLatest } from './rollout-support.js';
import {
  prepareSingleBench,
  type RoundRunner,
  type SingleBenchResult,
  type SingleRound,
} from './single-bench.js';
import { prepareFloorBench, type FloorBenchResult, type FloorRound } from './floor-bench.js';

const TOKEN = 'bench-rollout-token';
const PROJECT = `isbench${process.pid}`;
const FOLLOW = 'imagestreams.io/follow';
const REPLICAS = 3;

export interface RolloutRound {
  version: string;
  buildAndPushMs: number;
  firstServingMs: number;
  allServingMs: number;
  rolloutRecordedMs: number;
  result: string;
  /** ms per step action, summed over the replicas (from the step end times of the rollout record) */
  stepMs: Record<string, number>;
  client: LoopCounts;
}

export interface RolloutBenchResult {
  replicas: number;
  pushes: number;
  rounds: RolloutRound[];
  firstServingMs: Percentiles;
  allServingMs: Percentiles;
  rolloutRecordedMs: Percentiles;
  /** median over the rounds of RolloutRound.stepMs */
  medianStepMs: Record<string, number>;
  /** the client loop over all rollout windows (push finished -> rollout recorded) */
  client: LoopCounts & { failedFirstTryPercent: number; unservedPercent: number };
}

interface Env {
  docker: Docker;
  server: RunningServer;
  repository: string;
  ports: number[];
}

function push(env: Env, version: string): Promise<BuiltImage> {
  return pushLatest(env.docker, env.repository, version);
}

async function setUp(env: Env, v1: BuiltImage): Promise<void> {
  await followLatest(env.server, 'app', env.repository);
  await pullImage(env.docker, v1.reference);
  for (const [i, port] of env.ports.entries()) {
    const c = await env.docker.createContainer({
      name: `${PROJECT}-web-${i + 1}`,
      Image: v1.reference,
      Env: [`PORT=${port}`],
      StopTimeout: 2,
      Labels: {
        [FOLLOW]: 'app:latest',
        'com.docker.compose.project': PROJECT,
        'com.docker.compose.service': 'web',
      },
      HostConfig: { NetworkMode: 'host', RestartPolicy: { Name: 'unless-stopped' } },
    });
    await c.start();
  }
  for (const p of env.ports)
    await until(`:${p} serves v1`, async () => (await versionAt(p)) === 'v1', 30_000, 20);
}

async function oneRound(env: Env, version: string): Promise<RolloutRound> {
  const t0 = Date.now();
  const img = await push(env, version);
  const pushed = Date.now();
  const loop = startClientLoop(env.ports);
  let firstAt: number | undefined;
  let allAt: number | undefined;
  const watch = (async () => {
    while (allAt === undefined && Date.now() - pushed < 120_000) {
      const answers = await Promise.all(env.ports.map((p) => versionAt(p, 1_000)));
      const serving = answers.filter((a) => a === version).length;
      if (serving > 0) firstAt ??= Date.now();
      if (serving === env.ports.length) allAt = Date.now();
      else await sleep(20);
    }
  })();
  const record = await until(
    `rollout to ${version} recorded`,
    async () =>
      (await env.server.store.list(ROLLOUTS, { namespace: 'default' })).items
        .map(recordOf)
        .find((r) => r.toDigest === img.digest && r.result !== undefined),
    120_000,
    20,
  );
  const recorded = Date.now();
  await loop.stop();
  await watch;
  return {
    version,
    buildAndPushMs: pushed - t0,
    firstServingMs: (firstAt ?? NaN) - pushed,
    allServingMs: (allAt ?? NaN) - pushed,
    rolloutRecordedMs: recorded - pushed,
    result: record.result ?? 'unknown',
    stepMs: stepDurations(record.steps, pushed),
    client: loop.counts(),
  };
}

/** Each step lasted from the previous step's end (the first: from the push finishing). */
function stepDurations(
  steps: readonly { at: string; action: string }[],
  pushedAt: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  let previous = pushedAt;
  for (const step of steps) {
    const at = Date.parse(step.at);
    out[step.action] = (out[step.action] ?? 0) + Math.max(0, at - previous);
    previous = at;
  }
  return out;
}

function medianSteps(rounds: readonly RolloutRound[]): Record<string, number> {
  const actions = [...new Set(rounds.flatMap((r) => Object.keys(r.stepMs)))];
  return Object.fromEntries(actions.map((a) => [a, percentiles(rounds.map((r) => r.stepMs[a] ?? 0)).p50]));
}

function summarize(rounds: RolloutRound[]): RolloutBenchResult {
  const client = rounds.reduce(
    (a, r) => ({
      requests: a.requests + r.client.requests,
      failedFirstTry: a.failedFirstTry + r.client.failedFirstTry,
      unserved: a.unserved + r.client.unserved,
    }),
    { requests: 0, failedFirstTry: 0, unserved: 0 },
  );
  const pct = (n: number): number => round((100 * n) / Math.max(1, client.requests), 2);
  return {
    replicas: REPLICAS,
    pushes: rounds.length,
    rounds,
    firstServingMs: percentiles(rounds.map((r) => r.firstServingMs)),
    allServingMs: percentiles(rounds.map((r) => r.allServingMs)),
    rolloutRecordedMs: percentiles(rounds.map((r) => r.rolloutRecordedMs)),
    medianStepMs: medianSteps(rounds),
    client: {
      ...client,
      failedFirstTryPercent: pct(client.failedFirstTry),
      unservedPercent: pct(client.unserved),
    },
  };
}

async function ourContainers(docker: Docker): Promise<string[]> {
  return (await docker.listContainers({ all: true }))
    .filter((c) => (c.Names[0] ?? '').replace(/^\//, '').startsWith(PROJECT))
    .map((c) => c.Id);
}

export const RolloutScenario = { Single: 'single', Replicas: 'replicas', Floor: 'floor' } as const;
export type RolloutScenario = (typeof RolloutScenario)[keyof typeof RolloutScenario];

export interface RolloutBenchResults {
  /** one SIGTERM-respecting container with our readiness check */
  single?: SingleBenchResult;
  /** three healthchecked replicas that ignore SIGTERM (issue 5's setup) */
  replicas?: RolloutBenchResult;
  /** the single scenario's engine calls alone, without the server */
  floor?: FloorBenchResult;
}

export async function runRolloutBench(options: {
  pushes: number;
  scenarios: readonly RolloutScenario[];
}): Promise<RolloutBenchResults> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-rollout-'));
  let engine: TestDocker | undefined;
  let server: RunningServer | undefined;
  let registry: TestRegistry | undefined;
  try {
    engine = await startDocker();
    const settings = {
      listen: '127.0.0.1:0',
      dataDir,
      notificationsToken: TOKEN,
      dockerHost: engine.host,
    } as ServeSettings;
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir,
      extensions: await buildExtensions(settings),
    });
    registry = await startNotifyingRegistry(server.url, TOKEN);
    const results = await singleAndFloor(engine.docker, server, registry.host, options);
    if (!options.scenarios.includes(RolloutScenario.Replicas)) return results;
    const ports: number[] = [];
    for (let i = 0; i < REPLICAS; i++) ports.push(await freePort());
    const env: Env = { docker: engine.docker, server, repository: `${registry.host}/default/app`, ports };
    await setUp(env, await push(env, 'v1'));
    const rounds: RolloutRound[] = [];
    for (let n = 2; n < options.pushes + 2; n++) {
      const r = await oneRound(env, `v${n}`);
      rounds.push(r);
      process.stdout.write(
        `  v${n}: first ${r.firstServingMs} ms, all ${r.allServingMs} ms, recorded ${r.rolloutRecordedMs} ms (${r.result}), client ${r.client.failedFirstTry}/${r.client.requests} failed first try, ${r.client.unserved} unserved\n`,
      );
      if (r.result !== 'Succeeded') throw new Error(`the rollout to v${n} ended ${r.result}`);
    }
    return { ...results, replicas: summarize(rounds) };
  } finally {
    await tearDownDockerBench({ engine, containers: ourContainers, registry, server, dataDir });
  }
}

async function roundByRound<R, T>(
  runner: RoundRunner<R, T> | undefined,
  rounds: R[],
  n: number,
): Promise<void> {
  if (runner) rounds.push(await runner.round(n));
}

/**
 * The single scenario and its engine floor, their rounds alternated when both run: the machine's
 * load then weighs on both alike.
 */
async function singleAndFloor(
  docker: Docker,
  server: RunningServer,
  registryHost: string,
  options: { pushes: number; scenarios: readonly RolloutScenario[] },
): Promise<RolloutBenchResults> {
  const single = options.scenarios.includes(RolloutScenario.Single)
    ? await prepareSingleBench(
        { docker, server, repository: `${registryHost}/default/solo`, name: `${PROJECT}-solo` },
        options.pushes,
      )
    : undefined;
  const floor = options.scenarios.includes(RolloutScenario.Floor)
    ? await prepareFloorBench(
        { docker, repository: `${registryHost}/default/floor`, name: `${PROJECT}-floor` },
        options.pushes,
      )
    : undefined;
  const singleRounds: SingleRound[] = [];
  const floorRounds: FloorRound[] = [];
  try {
    for (let n = 2; n < options.pushes + 2; n++) {
      await roundByRound(single, singleRounds, n);
      await roundByRound(floor, floorRounds, n);
    }
  } finally {
    await floor?.close();
    await single?.close();
  }
  return {
    ...(single ? { single: single.result(singleRounds) } : {}),
    ...(floor ? { floor: floor.result(floorRounds) } : {}),
  };
}

export function rolloutRows(result: RolloutBenchResult): Record<string, string | number>[] {
  const row = (what: string, p: Percentiles): Record<string, string | number> => ({
    'from push finished to': what,
    'p50 ms': p.p50,
    'p90 ms': p.p90,
    'max ms': p.max,
  });
  const c = result.client;
  const steps = Object.entries(result.medianStepMs)
    .map(([action, ms]) => `${action} ${ms}`)
    .join(', ');
  return [
    row('first replica serves v(n)', result.firstServingMs),
    row(`all ${result.replicas} replicas serve v(n)`, result.allServingMs),
    row('rollout recorded (Succeeded)', result.rolloutRecordedMs),
    {
      'from push finished to': `client: ${c.requests} requests during rollouts`,
      'p50 ms': `${c.failedFirstTry} failed first try (${c.failedFirstTryPercent}%)`,
      'p90 ms': `${c.unserved} unserved (${c.unservedPercent}%)`,
      'max ms': '',
    },
    {
      'from push finished to': 'median ms per step (3 replicas summed)',
      'p50 ms': steps,
      'p90 ms': '',
      'max ms': '',
    },
  ];
}

export function singleRows(result: SingleBenchResult): Record<string, string | number>[] {
  const row = (what: string, p: Percentiles): Record<string, string | number> => ({
    'from push finished to': what,
    'p50 ms': p.p50,
    'p90 ms': p.p90,
    'max ms': p.max,
  });
  return [
    row('the container serves v(n)', result.servingMs),
    row('rollout recorded (seen after serving)', result.recordedMs),
    row('CPU ms of this process (server, polling) until serving', result.cpuMs),
    {
      'from push finished to': 'median ms to the end of each step',
      'p50 ms': Object.entries(result.medianStepEndMs)
        .map(([action, ms]) => `${action} ${ms}`)
        .join(', '),
      'p90 ms': '',
      'max ms': '',
    },
  ];
}

export function floorRows(result: FloorBenchResult): Record<string, string | number>[] {
  return [
    {
      'from push finished to': 'the port answers v(n)',
      'p50 ms': result.totalMs.p50,
      'p90 ms': result.totalMs.p90,
      'max ms': result.totalMs.max,
    },
    {
      'from push finished to': 'CPU ms of this process (idle server, polling) until serving',
      'p50 ms': result.cpuMs.p50,
      'p90 ms': result.cpuMs.p90,
      'max ms': result.cpuMs.max,
    },
    {
      'from push finished to': 'median ms per engine call',
      'p50 ms': Object.entries(result.medianStepMs)
        .map(([step, ms]) => `${step} ${ms}`)
        .join(', '),
      'p90 ms': '',
      'max ms': '',
    },
  ];
}
