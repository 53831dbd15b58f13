/**
 * The engine's own floor for the single scenario (single-bench.ts): the same engine, registry,
 * image and container settings, but no server. Each round pushes v(n) to a repository no stream
 * follows, then makes the Engine API calls a stop-first rollout makes, back to back (pull by
 * digest, create, stop with t=2, start). As the single scenario does, it polls the port every
 * 10 ms from the push finishing until the port answers v(n), so that the two scenarios' engine
 * calls run beside the same polling and the CPU of this process differs only by the server's work.
 * Whatever the single scenario takes beyond this is ours; this much is Docker's.
 */
import type Docker from 'dockerode';
import { pullImage } from '../../src/triggers/targets/docker/inspect.js';
import { freePort, type BuiltImage } from '../../test/support/test-images.js';
import { until } from '../../test/support/until.js';
import { percentiles, type Percentiles } from '../support/measure.js';
import { versionAt } from './client-loop.js';
import { pushLatest } from './rollout-support.js';
import type { RoundRunner } from './single-bench.js';

const FloorStep = {
  Pull: 'pull',
  Create: 'create',
  Stop: 'stop',
  Start: 'start',
  Serving: 'serving',
} as const;
type FloorStep = (typeof FloorStep)[keyof typeof FloorStep];

export interface FloorRound {
  version: string;
  /** ms each engine call took, and from the start's return to the port answering v(n) */
  stepMs: Record<FloorStep, number>;
  /** from the push finishing to the port answering v(n) */
  totalMs: number;
  /** CPU ms of this process meanwhile (the bench's calls and polling from the push finishing; the idle server's) */
  cpuMs: number;
}

export interface FloorBenchResult {
  pushes: number;
  rounds: FloorRound[];
  totalMs: Percentiles;
  cpuMs: Percentiles;
  medianStepMs: Record<FloorStep, number>;
}

export interface FloorEnv {
  docker: Docker;
  /** REGISTRY/NS/NAME, without tag; followed by no stream */
  repository: string;
  /** prefix of the containers' names */
  name: string;
}

function spec(env: FloorEnv, image: BuiltImage, port: number, n: number): Docker.ContainerCreateOptions {
  // as single-bench.ts creates its container, without the labels our server reads
  return {
    name: `${env.name}-v${n}`,
    Image: image.reference,
    Env: [`PORT=${port}`],
    StopTimeout: 2,
    HostConfig: { NetworkMode: 'host', Init: true, RestartPolicy: { Name: 'unless-stopped' } },
  };
}

async function serves(port: number, version: string): Promise<number> {
  return until(
    `:${port} serves ${version}`,
    async () => ((await versionAt(port, 500)) === version ? Date.now() : undefined),
    60_000,
    10,
  );
}

async function oneRound(
  env: FloorEnv,
  oldId: string,
  port: number,
  n: number,
): Promise<[FloorRound, string]> {
  const version = `v${n}`;
  const image = await pushLatest(env.docker, env.repository, version);
  const marks = [Date.now()];
  const cpu = process.cpuUsage();
  const mark = (): void => void marks.push(Date.now());
  const serving = serves(port, version);
  // a failed engine call ends the round with its own error; the polling's is then not wanted
  serving.catch(() => undefined);
  await pullImage(env.docker, image.reference);
  mark();
  const created = await env.docker.createContainer(spec(env, image, port, n));
  mark();
  await env.docker.getContainer(oldId).stop({ t: 2 });
  mark();
  await created.start();
  mark();
  marks.push(await serving);
  const used = process.cpuUsage(cpu);
  const ms = (i: number): number => (marks[i + 1] ?? NaN) - (marks[i] ?? NaN);
  await env.docker.getContainer(oldId).remove({ force: true });
  const stepMs = { pull: ms(0), create: ms(1), stop: ms(2), start: ms(3), serving: ms(4) };
  const cpuMs = Math.round((used.user + used.system) / 1_000);
  return [{ version, stepMs, totalMs: (marks[5] ?? NaN) - (marks[0] ?? NaN), cpuMs }, created.id];
}

export async function prepareFloorBench(
  env: FloorEnv,
  pushes: number,
): Promise<RoundRunner<FloorRound, FloorBenchResult>> {
  const port = await freePort();
  const v1 = await pushLatest(env.docker, env.repository, 'v1');
  await pullImage(env.docker, v1.reference);
  const first = await env.docker.createContainer(spec(env, v1, port, 1));
  await first.start();
  await serves(port, 'v1');
  let current = first.id;
  return {
    async round(n) {
      const [round, id] = await oneRound(env, current, port, n);
      current = id;
      const steps = Object.entries(round.stepMs)
        .map(([s, ms]) => `${s} ${ms}`)
        .join(', ');
      process.stdout.write(`  floor v${n}: ${round.totalMs} ms (${steps}), ${round.cpuMs} ms CPU here\n`);
      return round;
    },
    result: (rounds) => summarize(pushes, rounds),
    close: async () => {
      await env.docker
        .getContainer(current)
        .remove({ force: true })
        .catch(() => undefined);
    },
  };
}

function summarize(pushes: number, rounds: FloorRound[]): FloorBenchResult {
  const median = (s: FloorStep): number => percentiles(rounds.map((r) => r.stepMs[s])).p50;
  return {
    pushes,
    rounds,
    totalMs: percentiles(rounds.map((r) => r.totalMs)),
    cpuMs: percentiles(rounds.map((r) => r.cpuMs)),
    medianStepMs: {
      pull: median(FloorStep.Pull),
      create: median(FloorStep.Create),
      stop: median(FloorStep.Stop),
      start: median(FloorStep.Start),
      serving: median(FloorStep.Serving),
    },
  };
}
