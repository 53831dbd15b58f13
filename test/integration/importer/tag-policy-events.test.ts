/**
 * Events and metrics of tag policies and cooldown in the real API server against a real registry:
 * each state change gives exactly one Event (TagPolicySelected naming the old and new tag,
 * TagPolicyFailed, CooldownStarted with when it moves, CooldownElapsed), repeated checks of the
 * same state none, and /metrics counts the selections, the Events and the held digests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerImportImage } from '../../../src/cli/commands/import-image.js';
import { registerTag } from '../../../src/cli/commands/tag.js';
import { manualClock } from '../../support/manual-clock.js';
import { importerExtension } from '../../../src/importer/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { runIsctlInProcess } from '../../support/isctl-in-process.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';
import { until } from '../../support/until.js';

interface Event {
  type: string;
  reason: string;
  message: string;
  count: number;
  involvedObject: { name: string };
}

const HOUR = 3_600_000;
const isctl = (server: RunningServer, args: string[]) =>
  runIsctlInProcess([registerTag, registerImportImage], [...args, '--server', server.url, '-n', 'default']);

describe('Events and metrics of tag policies and cooldown', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;
  const clock = manualClock(Date.now());

  const base = () => `${server.url}/apis/image.openshift.io/v1/namespaces/default`;
  const imageOf = async (name: string, tag: string) => {
    const s = (await (await fetch(`${base()}/imagestreams/${name}`)).json()) as {
      status?: { tags?: { tag: string; items?: { image: string }[] }[] };
    };
    return s.status?.tags?.find((t) => t.tag === tag)?.items?.[0]?.image;
  };
  const events = async (name: string, reason: string) =>
    (
      (await (await fetch(`${server.url}/api/v1/namespaces/default/events`)).json()) as { items: Event[] }
    ).items.filter((e) => e.involvedObject.name === name && e.reason === reason);
  const ok = async (args: string[]) => {
    const r = await isctl(server, args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  };
  /** re-checks that find nothing new: the import runs, no Event may follow */
  const recheck = async (ref: string, times = 2) => {
    for (let i = 0; i < times; i++) await isctl(server, ['import-image', ref]);
  };
  const metric = async (line: RegExp) => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const m = text.split('\n').find((l) => line.test(l));
    return m === undefined ? undefined : Number(m.split(' ').pop());
  };
  /** the events of `reason`, each written once (count 1) */
  const once = async (name: string, reason: string) => {
    const found = await events(name, reason);
    expect(found.map((e) => e.count)).toEqual(found.map(() => 1));
    return found.map((e) => e.message);
  };

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'tag-policy-events-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [importerExtension({ clock, schedule: false })],
    });
  });

  afterAll(async () => {
    await server?.close();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a policy gives one TagPolicySelected per new winner and one TagPolicyFailed when nothing matches', async () => {
    const repo = `${registry.host}/team/app`;
    const v1 = (await pushImage(registry, 'team/app', '1.0.0')).digest;
    await ok(['tag', '--source=docker', repo, 'app:stable', '--semver', '^1', '--insecure']);
    await until('the import', async () => (await imageOf('app', 'stable')) === v1, 15_000);
    await recheck('app:stable');
    expect(await once('app', 'TagPolicySelected')).toEqual([
      'Tag app:stable: the semver range "^1" chose 1.0.0, was none (1 tags listed, 1 matched)',
    ]);

    const v11 = (await pushImage(registry, 'team/app', '1.1.0')).digest;
    await pushImage(registry, 'team/app', '2.0.0');
    await ok(['import-image', 'app:stable']);
    expect(await imageOf('app', 'stable')).toBe(v11);
    await recheck('app:stable');
    const selected = await once('app', 'TagPolicySelected');
    expect(selected).toHaveLength(2);
    expect(selected).toContain(
      'Tag app:stable: the semver range "^1" chose 1.1.0, was 1.0.0 (3 tags listed, 2 matched)',
    );

    await ok(['tag', '--source=docker', repo, 'app:stable', '--semver', '^5', '--insecure']);
    await until('the failure event', async () => (await events('app', 'TagPolicyFailed')).length > 0, 15_000);
    await pushImage(registry, 'team/app', '1.2.0'); // another count of listed tags: the same failure
    await recheck('app:stable', 3);
    const failed = await events('app', 'TagPolicyFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: 'Warning', count: 1 });
    expect(failed[0]?.message).toContain(`Tag app:stable not moved: no tag of ${repo} matches`);
    expect(await imageOf('app', 'stable')).toBe(v11);
    expect(await events('app', 'TagPolicySelected')).toHaveLength(2);

    expect(
      await metric(/^imagestreams_tag_policy_selections_total\{result="selected"\}/),
    ).toBeGreaterThanOrEqual(6);
    expect(
      await metric(/^imagestreams_tag_policy_selections_total\{result="no_match"\}/),
    ).toBeGreaterThanOrEqual(4);
    expect(await metric(/^imagestreams_tag_policy_events_total\{reason="TagPolicySelected"\}/)).toBe(2);
    expect(await metric(/^imagestreams_tag_policy_events_total\{reason="TagPolicyFailed"\}/)).toBe(1);
  });

  it('a repository whose tags cannot be listed gives one TagPolicyFailed across re-checks', async () => {
    await ok([
      'tag',
      '--source=docker',
      `${registry.host}/team/missing`,
      'gone:v',
      '--semver',
      '^1',
      '--insecure',
    ]);
    await until(
      'the failure event',
      async () => (await events('gone', 'TagPolicyFailed')).length > 0,
      15_000,
    );
    await recheck('gone:v', 3);
    const failed = await once('gone', 'TagPolicyFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain(`cannot list the tags of ${registry.host}/team/missing`);
    expect(
      await metric(/^imagestreams_tag_policy_selections_total\{result="list_failed"\}/),
    ).toBeGreaterThanOrEqual(4);
  });

  it('a min-age gives one CooldownStarted with when it moves and one CooldownElapsed when it moves', async () => {
    const a = (await pushImage(registry, 'team/cool', 'latest')).digest;
    await ok([
      'tag',
      '--source=docker',
      `${registry.host}/team/cool:latest`,
      'cool:latest',
      '--min-age',
      '1h',
      '--insecure',
    ]);
    await until('the hold event', async () => (await events('cool', 'CooldownStarted')).length > 0, 15_000);
    clock.advance(HOUR / 2);
    await recheck('cool:latest');
    const started = await once('cool', 'CooldownStarted');
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(
      new RegExp(`^Tag cool:latest holds ${a} \\(latest\\) for its min-age 1h: moves at \\d{4}-`),
    );
    const movesAt = Date.parse(started[0]?.split('moves at ')[1] ?? '');
    expect(movesAt).toBeGreaterThan(clock.now());
    expect(await metric(/^imagestreams_cooldown_pending /)).toBe(1);
    expect(await events('cool', 'CooldownElapsed')).toHaveLength(0);

    clock.advance(HOUR / 2 + 1000); // the controller's timer moves it, no import asked
    await until('the move', async () => (await imageOf('cool', 'latest')) === a, 15_000);
    await recheck('cool:latest');
    const elapsed = await once('cool', 'CooldownElapsed');
    expect(elapsed).toHaveLength(1);
    expect(elapsed[0]).toContain(`Tag cool:latest moved to ${a} (latest), first seen `);
    expect(await once('cool', 'CooldownStarted')).toHaveLength(1);
    await until('the gauge', async () => (await metric(/^imagestreams_cooldown_pending /)) === 0, 5_000);
    expect(await metric(/^imagestreams_tag_policy_events_total\{reason="CooldownStarted"\}/)).toBe(1);
    expect(await metric(/^imagestreams_tag_policy_events_total\{reason="CooldownElapsed"\}/)).toBe(1);
  });
});
