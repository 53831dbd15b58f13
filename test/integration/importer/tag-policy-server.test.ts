/**
 * Tag policies and cooldown in the real API server against a real registry: `isctl tag --semver`
 * and `--tag-pattern/--tag-order` follow the best tag (moving to 1.3.0, never to 2.0.0), describe
 * says why; bad policies are refused with 422 naming the annotation; a min-age holds a new digest
 * until its time, across a server restart (the clock injected); a push notification of any tag of
 * the repository wakes a tag following a policy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStreamSchema } from '../../../src/api/schema/image-stream.js';
import { registerImportImage } from '../../../src/cli/commands/import-image.js';
import { registerTag } from '../../../src/cli/commands/tag.js';
import { describeImageStream } from '../../../src/cli/describe/describe-image-stream.js';
import { manualClock } from '../../support/manual-clock.js';
import { importerExtension } from '../../../src/importer/index.js';
import { notificationsExtensionFromSettings } from '../../../src/notifications/serve-extension.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { runIsctlInProcess } from '../../support/isctl-in-process.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';
import { until } from '../../support/until.js';

interface Stream {
  metadata: { annotations?: Record<string, string> };
  status?: {
    tags?: {
      tag: string;
      items?: { image: string }[];
      conditions?: { status: string; message?: string }[];
    }[];
  };
}

const HOUR = 3_600_000;
const isctl = (server: RunningServer, args: string[]) =>
  runIsctlInProcess([registerTag, registerImportImage], [...args, '--server', server.url, '-n', 'default']);

describe('tag policies and cooldown in the API server', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;
  // the importer's clock: history times, first-seen times and the cooldown timers
  let clock = manualClock(Date.now());
  const start = async () => {
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [importerExtension({ clock, schedule: false })],
    });
  };
  const base = () => `${server.url}/apis/image.openshift.io/v1/namespaces/default`;
  const stream = async (name: string) =>
    (await (await fetch(`${base()}/imagestreams/${name}`)).json()) as Stream;
  const tagOf = async (name: string, tag: string) =>
    (await stream(name)).status?.tags?.find((t) => t.tag === tag);
  const imageOf = async (name: string, tag: string) => (await tagOf(name, tag))?.items?.[0]?.image;
  const ok = async (args: string[]) => {
    const r = await isctl(server, args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'tag-policy-'));
    await start();
  });

  afterAll(async () => {
    await server?.close();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a semver range follows the highest version in it: 1.2.5, then 1.3.0, never 2.0.0 or a pre-release', async () => {
    const pushed: Record<string, string> = {};
    for (const t of ['1.2.0', 'v1.2.5', '2.0.0', '1.3.0-rc.1', 'latest'])
      pushed[t] = (await pushImage(registry, 'team/app', t)).digest;
    const repo = `${registry.host}/team/app`;
    const out = await ok([
      'tag',
      '--source=docker',
      repo,
      'app:stable',
      '--semver',
      '>=1.2.0 <2.0.0',
      '--insecure',
    ]);
    expect(out).toContain('follow the best tag');
    await until('the import', async () => (await imageOf('app', 'stable')) === pushed['v1.2.5'], 15_000);

    pushed['1.3.0'] = (await pushImage(registry, 'team/app', '1.3.0')).digest;
    pushed['2.0.1'] = (await pushImage(registry, 'team/app', '2.0.1')).digest;
    await ok(['import-image', 'app:stable']);
    expect(await imageOf('app', 'stable')).toBe(pushed['1.3.0']);
    const history = (await tagOf('app', 'stable'))?.items?.map((i) => i.image);
    expect(history).toEqual([pushed['1.3.0'], pushed['v1.2.5']]);
    expect(history).not.toContain(pushed['2.0.0']);

    const text = describeImageStream(ImageStreamSchema.parse(await stream('app')), new Date(clock.now()));
    expect(text).toContain('follows the semver range ">=1.2.0 <2.0.0"');
    expect(text).toMatch(/chose 1\.3\.0 \(7 tags listed, 3 matched\)/);
    expect(text).toContain('lower: v1.2.5, 1.2.0');
    expect(text).toContain('2 outside the range (e.g. 2.0.0)');
    expect(text).toContain('1 a pre-release, and the range names none for it (e.g. 1.3.0-rc.1)');
    expect(text).not.toContain('imagestreams.io/tag-selection');
  });

  it('a pattern orders by its named group: main-10 beats main-9 numerically', async () => {
    const pushed: Record<string, string> = {};
    for (const t of ['main-9', 'main-10', 'main-2', 'feature-99', 'main-x'])
      pushed[t] = (await pushImage(registry, 'team/web', t)).digest;
    await ok([
      'tag',
      '--source=docker',
      `${registry.host}/team/web`,
      'web:main',
      '--tag-pattern',
      '^main-(?P<order>[0-9a-z]+)$',
      '--tag-order',
      'numerical',
      '--insecure',
    ]);
    await until('the import', async () => (await imageOf('web', 'main')) === pushed['main-10'], 15_000);
    const text = describeImageStream(ImageStreamSchema.parse(await stream('web')), new Date(clock.now()));
    expect(text).toContain('chose main-10 (5 tags listed, 3 matched)');
    expect(text).toContain('1 does not match the pattern (e.g. feature-99)');
    expect(text).toContain('1 the order key is not a number (e.g. main-x)');
  });

  it('a repository whose tags cannot be listed fails the import with ImportSuccess=False saying so', async () => {
    await ok([
      'tag',
      '--source=docker',
      `${registry.host}/team/missing`,
      'gone:v',
      '--semver',
      '^1',
      '--insecure',
    ]);
    const condition = await until(
      'the import',
      async () => (await tagOf('gone', 'v'))?.conditions?.[0],
      15_000,
    );
    expect(condition.status).toBe('False');
    expect(condition.message).toContain(`cannot list the tags of ${registry.host}/team/missing`);
  });

  it.each([
    ['imagestreams.io/semver', { 'imagestreams.io/semver': '>=1.x.y <<2' }],
    [
      'imagestreams.io/tag-pattern',
      { 'imagestreams.io/tag-pattern': '^(?=main)', 'imagestreams.io/tag-order': 'numerical' },
    ],
    [
      'imagestreams.io/tag-order',
      { 'imagestreams.io/tag-pattern': '^main', 'imagestreams.io/tag-order': 'newest' },
    ],
    ['imagestreams.io/min-age', { 'imagestreams.io/min-age': '1 day' }],
  ])('a bad %s is refused with 422 naming it', async (annotation, annotations) => {
    const res = await fetch(`${base()}/imagestreams`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'bad' },
        spec: {
          tags: [
            { name: 't', annotations, from: { kind: 'DockerImage', name: `${registry.host}/team/app` } },
          ],
        },
      }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { details: { causes: { field: string }[] } };
    expect(body.details.causes.map((c) => c.field)).toContain(`spec.tags[t].annotations[${annotation}]`);
  });

  it('a min-age holds a new digest until first-seen + min-age, and a restart neither resets nor skips it', async () => {
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
    const pendingOf = async () => {
      const text = (await stream('cool')).metadata.annotations?.['imagestreams.io/cooldown'];
      return text
        ? (JSON.parse(text) as Record<string, { digest: string; firstSeen: string }>).latest
        : undefined;
    };
    const first = await until('the pending digest', pendingOf, 15_000);
    expect(first.digest).toBe(a);
    expect(await imageOf('cool', 'latest')).toBeUndefined();
    const text = describeImageStream(ImageStreamSchema.parse(await stream('cool')), new Date(clock.now()));
    expect(text).toContain(`pending ${a} (latest), min-age 1h`);
    expect(text).not.toContain('importing latest image');
    expect(text).toContain('moves in About an hour');

    clock.advance(HOUR / 2);
    await ok(['import-image', 'cool:latest']);
    expect(await imageOf('cool', 'latest')).toBeUndefined();

    // restart: a new process, its clock where the old one was
    await server.close();
    clock = manualClock(clock.now());
    await start();
    clock.advance(HOUR / 2 - 60_000);
    await ok(['import-image', 'cool:latest']);
    expect(await imageOf('cool', 'latest')).toBeUndefined();
    expect((await pendingOf())?.firstSeen).toBe(first.firstSeen);

    clock.advance(61_000); // past first-seen + 1h: the controller's timer moves it, no import asked
    await until('the import', async () => (await imageOf('cool', 'latest')) === a, 15_000);
    expect(await pendingOf()).toBeUndefined();

    // a newer digest restarts the clock, and the one after it again
    const b = (await pushImage(registry, 'team/cool', 'latest')).digest;
    await ok(['import-image', 'cool:latest']);
    expect((await pendingOf())?.digest).toBe(b);
    clock.advance(HOUR - 1000);
    const c = (await pushImage(registry, 'team/cool', 'latest')).digest;
    await ok(['import-image', 'cool:latest']);
    expect((await pendingOf())?.digest).toBe(c);
    clock.advance(2000);
    await ok(['import-image', 'cool:latest']);
    expect(await imageOf('cool', 'latest')).toBe(a);
  });
});

describe('a tag following a policy and registry notifications', () => {
  const TOKEN = 'notify-token-for-tag-policy-tests';
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tag-policy-notify-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        importerExtension({ schedule: false }),
        await notificationsExtensionFromSettings({ notificationsToken: TOKEN, coalesceWindowMs: 50 }),
      ],
    });
    registry = await startRegistry({
      auth: 'none',
      notify: {
        url: `${server.url}/notifications/distribution`,
        token: TOKEN,
        timeout: '2s',
        threshold: 3,
        backoff: '200ms',
      },
    });
  });

  afterAll(async () => {
    await registry?.stop();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a push of a new tag of the repository moves the tag to it, with no import asked', async () => {
    const base = `${server.url}/apis/image.openshift.io/v1/namespaces/default/imagestreams`;
    const imageOf = async () =>
      ((await (await fetch(`${base}/app`)).json()) as Stream).status?.tags?.[0]?.items?.[0]?.image;
    const first = (await pushImage(registry, 'team/app', '1.0.0')).digest;
    const created = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'app' },
        spec: {
          tags: [
            {
              name: 'stable',
              annotations: { 'imagestreams.io/semver': '^1' },
              from: { kind: 'DockerImage', name: `${registry.host}/team/app` },
              importPolicy: { insecure: true },
            },
          ],
        },
      }),
    });
    expect(created.status).toBe(201);
    await until('the first import', async () => (await imageOf()) === first, 15_000);
    const next = (await pushImage(registry, 'team/app', '1.1.0')).digest;
    await until('the import the push notification caused', async () => (await imageOf()) === next, 15_000);
  });
});
