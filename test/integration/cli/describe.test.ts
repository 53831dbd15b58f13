/**
 * `isctl describe` (the BUILT CLI) against the real server: the stream's events, the rollouts and
 * trigger warnings of triggers following its tags, the registry budget from /metrics, and
 * `describe rollout`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventRecorder } from '../../../src/notifications/outbound/event-recorder.js';
import {
  createRegistryBudget,
  registerBudgetMetrics,
  releaseRegistryBudget,
  type RegistryBudget,
} from '../../../src/registry/budget/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { dockerTargetExtension } from '../../../src/triggers/controller/serve-extension.js';
import { RolloutResult, StepAction } from '../../../src/triggers/rollout-record.js';
import { createRolloutStore } from '../../../src/triggers/rollout-store.js';
import { buildProject, runCli, type CliResult } from './cli-harness.js';
import { shopWriter } from '../../support/shop-mappings.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

let server: RunningServer;
let dir: string;
let budget: RegistryBudget;

const isctl = (args: string[]) => runCli([...args, '--server', server.url, '-n', 'shop']);
function ok(r: CliResult): string {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const { post, mapping } = shopWriter(() => server.url);

beforeAll(async () => {
  await buildProject();
  dir = mkdtempSync(path.join(os.tmpdir(), 'isctl-describe-'));
  server = await startServer({
    listen: '127.0.0.1:0',
    dataDir: dir,
    extensions: [dockerTargetExtension({ disabled: true })],
  });
  for (const name of ['web', 'webapp'])
    await post('imagestreams', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name },
    });
  await mapping('web', A);
  await mapping('web', B);
  await mapping('webapp', A);

  const events = createEventRecorder({ store: server.store });
  await events.recordTagUpdated({
    namespace: 'shop',
    stream: 'web',
    tag: 'latest',
    oldDigest: A,
    newDigest: B,
    reference: `docker.io/shop/web@${B}`,
  });
  await events.recordTagUpdated({
    namespace: 'shop',
    stream: 'webapp',
    tag: 'latest',
    newDigest: A,
    reference: `docker.io/shop/webapp@${A}`,
  });

  const rollouts = createRolloutStore({ store: server.store });
  const from = { namespace: 'shop', stream: 'web', tag: 'latest' };
  await rollouts.recorder(from).finished({
    id: 'web-rollout-1',
    target: 'docker:compose/shop/web',
    containers: ['web-1'],
    fromDigest: A,
    toDigest: B,
    toReference: `docker.io/shop/web@${B}`,
    started: new Date(Date.now() - 60_000).toISOString(),
    finished: new Date(Date.now() - 30_000).toISOString(),
    result: RolloutResult.RolledBack,
    reason: 'web-1 did not become healthy',
    rejectedDigest: B,
    steps: [
      {
        at: new Date(Date.now() - 40_000).toISOString(),
        container: 'web-1',
        action: StepAction.Health,
        ok: false,
        message: 'unhealthy',
      },
    ],
  });
  await rollouts.saveState({ target: 'docker:container/web-2', from }, {}, [
    { index: 0, field: 'paused', message: 'must be a boolean, not the string "false"' },
  ]);

  budget = createRegistryBudget();
  budget.observe('registry-1.docker.io', { limit: 100, remaining: 87, observedAt: new Date() });
  registerBudgetMetrics();
}, 200_000);

afterAll(async () => {
  if (budget) releaseRegistryBudget(budget);
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('isctl describe', () => {
  it('describe is prints the budget under the tag, the rollouts, trigger warnings and events', async () => {
    const out = ok(await isctl(['describe', 'is', 'web']));
    const lines = out.split('\n');
    const history = lines.findIndex((l) => l.startsWith(`  * docker.io/shop/web@${B}`));
    const budgetAt = lines.findIndex((l) => l.includes('registry budget:'));
    expect(history).toBeGreaterThan(0);
    expect(budgetAt).toBeGreaterThan(history);
    expect(lines[budgetAt]).toBe('  registry budget: 87/100 requests left (docker.io)');

    expect(out).toMatch(
      /^Rollouts:\n {2}Tag +Target +From +To +Result +Age +Reason\n {2}web:latest +docker:compose\/shop\/web +sha256:aaaaaaaaaaaa +sha256:bbbbbbbbbbbb +RolledBack +\d+s +web-1 did not become healthy\n/m,
    );
    expect(out).toContain(
      'Trigger Warnings:\n  docker:container/web-2 (web:latest): paused: must be a boolean, not the string "false"\n',
    );
    expect(out).toMatch(/^Events:\n {2}Type +Reason +Age +Message\n/m);
    const events = out.slice(out.indexOf('Events:'));
    expect(events).toMatch(/Normal +\S+ +\d+s +.*latest/);
    // only this stream's events: webapp's tag update is not listed
    expect(events.split('\n').filter((l) => l.startsWith('  Normal'))).toHaveLength(1);
  });

  it('describe is of a stream without rollouts says <none>', async () => {
    const out = ok(await isctl(['describe', 'is', 'webapp']));
    expect(out).toContain('Rollouts:\t<none>\n');
    expect(out).not.toContain('Trigger Warnings:');
  });

  it('describe rollout NAME prints target, from, to, times, result, reason and steps', async () => {
    const out = ok(await isctl(['describe', 'rollout', 'web-rollout-1']));
    expect(out).toMatch(/^Name:\s+web-rollout-1$/m);
    expect(out).toMatch(/^Target:\s+docker:compose\/shop\/web$/m);
    expect(out).toMatch(new RegExp(`^From:\\s+${A}$`, 'm'));
    expect(out).toMatch(new RegExp(`^To:\\s+${B}$`, 'm'));
    expect(out).toMatch(/^Started:\s+\S+ \(\d+s ago\)$/m);
    expect(out).toMatch(/^Finished:\s+\S+ \(\d+s ago\)$/m);
    expect(out).toMatch(/^Result:\s+RolledBack$/m);
    expect(out).toMatch(/^Reason:\s+web-1 did not become healthy$/m);
    expect(out).toMatch(/^ {2}\S+ +health +web-1 +failed +unhealthy$/m);
    expect(ok(await isctl(['describe', 'rollouts']))).toContain('Name:');
  });

  it('describe of another kind is refused', async () => {
    const r = await isctl(['describe', 'triggerstates']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('describe supports imagestreams, rollouts, buildconfigs and builds only');
  });
});
