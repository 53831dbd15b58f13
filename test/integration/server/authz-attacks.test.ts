/**
 * Issue 9's isolation attacks, performed over HTTP against the built server (`isctl serve` with a
 * token file, as deployed) by a user holding only `imagestreams:write:team-a`: reading team-b
 * through tag sources (and the existence oracle of a missing source), one-character image id
 * prefixes, imagestreammappings, namespace writes, status writes and the cluster-scoped images.
 * Each attack succeeds on the code before the fix. The commands such a user runs (isctl tag,
 * import-image, describe) still work, and the dedicated grants (status, registry) do what they say.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, cliPath, runCli, type CliResult } from '../cli/cli-harness.js';
import { freePort, pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';

const G = '/apis/image.openshift.io/v1';
const TOKENS = {
  admin: 'admin-token-0123456789',
  mallory: 'mallory-token-0123456789',
  wanda: 'wanda-token-0123456789',
  ci: 'ci-token-0123456789',
  ctl: 'ctl-token-0123456789',
  registry: 'registry-token-0123456789',
};
type Who = keyof typeof TOKENS;
const SECRET_DIGEST = `sha256:${'5ec'.repeat(21)}f`;
const SECRET_REF = `registry.team-b.internal/secret@${SECRET_DIGEST}`;
const APP_DIGEST = `sha256:${'a'.repeat(64)}`;

let tmp: string;
let url: string;
let server: ChildProcess;
let registry: TestRegistry;

interface Answer {
  status: number;
  text: string;
  body: Record<string, unknown>;
}

async function api(who: Who, method: string, p: string, body?: unknown, type?: string): Promise<Answer> {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKENS[who]}`,
      ...(body !== undefined ? { 'content-type': type ?? 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (e.g. a watch stream)
  }
  return { status: res.status, text, body: parsed };
}

/** A refusal that gives nothing of team-b away. */
function expectForbidden(a: Answer): void {
  expect(a.status, a.text).toBe(403);
  expect(a.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
  expect(a.text).not.toContain(SECRET_DIGEST.slice(7, 19));
  expect(a.text).not.toContain('registry.team-b.internal');
}

const stream = (name: string, tags: unknown[] = []) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name },
  spec: { tags },
});
const fromTeamB = (name = 'secret:v1') => ({ kind: 'ImageStreamTag', namespace: 'team-b', name });
const mapping = (name: string, tag: string, digest: string, ref: string) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStreamMapping',
  metadata: { name },
  image: { metadata: { name: digest }, dockerImageReference: ref },
  tag,
});

async function waitReady(deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`server at ${url} not ready within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isctl(who: Who, args: string[]): Promise<CliResult> {
  return runCli([...args, '--server', url, '--token', TOKENS[who], '-n', 'team-a'], {
    env: { HOME: tmp, KUBECONFIG: path.join(tmp, 'none') },
  });
}

beforeAll(async () => {
  await buildProject();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'authz-attacks-'));
  const tokenFile = path.join(tmp, 'tokens.csv');
  writeFileSync(
    tokenFile,
    [
      `${TOKENS.admin},admin,1,imagestreams:admin`,
      `${TOKENS.mallory},mallory,2,imagestreams:write:team-a`,
      `${TOKENS.wanda},wanda,3,imagestreams:write:*`,
      `${TOKENS.ci},ci,4,"imagestreams:write:team-a,imagestreams:read:team-b"`,
      `${TOKENS.ctl},ctl,5,imagestreams:status:team-a`,
      `${TOKENS.registry},registry,6,imagestreams:registry:team-a`,
    ].join('\n'),
  );
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = spawn(
    process.execPath,
    [
      cliPath(),
      'serve',
      '--listen',
      `127.0.0.1:${port}`,
      '--data-dir',
      path.join(tmp, 'data'),
      '--token-auth-file',
      tokenFile,
      '--disable-scheduled-import',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  await waitReady(20_000);
  registry = await startRegistry();
  // team-b's secret image, and team-a's own stream, set up by the admin
  expect((await api('admin', 'POST', `${G}/namespaces/team-b/imagestreams`, stream('secret'))).status).toBe(
    201,
  );
  const b = mapping('secret', 'v1', SECRET_DIGEST, SECRET_REF);
  expect((await api('admin', 'POST', `${G}/namespaces/team-b/imagestreammappings`, b)).status).toBe(201);
  expect((await api('admin', 'POST', `${G}/namespaces/team-a/imagestreams`, stream('app'))).status).toBe(201);
  const a = mapping('app', 'v1', APP_DIGEST, `quay.io/team-a/app@${APP_DIGEST}`);
  expect((await api('admin', 'POST', `${G}/namespaces/team-a/imagestreammappings`, a)).status).toBe(201);
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('close', r));
    server.kill('SIGTERM');
    await exited;
  }
  await registry?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('tag sources in another namespace', () => {
  it('a dry-run create does not copy team-b’s image reference (403 with OpenShift’s field cause)', async () => {
    const a = await api(
      'mallory',
      'POST',
      `${G}/namespaces/team-a/imagestreams?dryRun=All`,
      stream('stolen', [{ name: 'x', from: fromTeamB() }]),
    );
    expectForbidden(a);
    expect(a.body.message).toBe(
      'imagestreams.image.openshift.io "secret" is forbidden: User "mallory" cannot get resource "imagestreams/layers" in API group "image.openshift.io" in the namespace "team-b"',
    );
    expect(a.body.details).toMatchObject({
      causes: [
        { reason: 'FieldValueForbidden', field: 'spec.tags[0].from', message: 'Forbidden: team-b/secret' },
      ],
    });
  });

  it('answers a missing source exactly as an existing one: no existence oracle', async () => {
    const ask = (name: string) =>
      api(
        'mallory',
        'POST',
        `${G}/namespaces/team-a/imagestreams?dryRun=All`,
        stream('probe', [{ name: 'x', from: fromTeamB(`${name}:v1`) }]),
      );
    const exists = await ask('secret');
    const missing = await ask('nothing');
    expectForbidden(missing);
    expect(missing.status).toBe(exists.status);
    expect(missing.text.replaceAll('nothing', 'secret')).toBe(exists.text);
  });

  it('refuses every write path that resolves a source: update, patch, istag, imagetag, isimage', async () => {
    const current = await api('mallory', 'GET', `${G}/namespaces/team-a/imagestreams/app`);
    expect(current.status).toBe(200);
    const put = structuredClone(current.body) as { spec: { tags?: unknown[] } };
    put.spec.tags = [...(put.spec.tags ?? []), { name: 'x', from: fromTeamB() }];
    expectForbidden(await api('mallory', 'PUT', `${G}/namespaces/team-a/imagestreams/app`, put));
    const patch = { spec: { tags: [{ name: 'x', from: fromTeamB() }] } };
    const merge = 'application/merge-patch+json';
    expectForbidden(await api('mallory', 'PATCH', `${G}/namespaces/team-a/imagestreams/app`, patch, merge));
    const istag = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamTag',
      metadata: { name: 'app:x' },
      tag: { name: 'x', from: fromTeamB() },
    };
    expectForbidden(await api('mallory', 'POST', `${G}/namespaces/team-a/imagestreamtags`, istag));
    const itag = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageTag',
      metadata: { name: 'app:y' },
      spec: { name: 'y', from: fromTeamB() },
    };
    expectForbidden(await api('mallory', 'POST', `${G}/namespaces/team-a/imagetags`, itag));
    const byImage = {
      kind: 'ImageStreamImage',
      namespace: 'team-b',
      name: `secret@${SECRET_DIGEST.slice(0, 8)}`,
    };
    const isimage = stream('stolen', [{ name: 'x', from: byImage }]);
    expectForbidden(await api('mallory', 'POST', `${G}/namespaces/team-a/imagestreams`, isimage));
    const after = await api('admin', 'GET', `${G}/namespaces/team-a/imagestreams/app`);
    expect(after.text).not.toContain(SECRET_DIGEST);
  });

  it('refuses `isctl tag team-b/secret@ID app:stolen` and a webhook trigger following team-b', async () => {
    const r = await isctl('mallory', ['tag', `team-b/secret@${SECRET_DIGEST.slice(0, 19)}`, 'app:stolen']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('forbidden');
    const trigger = {
      apiVersion: 'imagestreams.io/v1',
      kind: 'WebhookTrigger',
      metadata: { name: 'leak' },
      spec: { from: fromTeamB(), url: 'http://127.0.0.1:9/leak' },
    };
    expectForbidden(
      await api('mallory', 'POST', '/apis/imagestreams.io/v1/namespaces/team-a/webhooktriggers', trigger),
    );
  });

  it('lets a user who may read team-b copy from it, and follow it with a webhook trigger', async () => {
    const a = await api(
      'ci',
      'POST',
      `${G}/namespaces/team-a/imagestreams?dryRun=All`,
      stream('copy', [{ name: 'x', from: fromTeamB() }]),
    );
    expect(a.status, a.text).toBe(201);
    expect(a.text).toContain(SECRET_DIGEST);
    const trigger = {
      apiVersion: 'imagestreams.io/v1',
      kind: 'WebhookTrigger',
      metadata: { name: 'follow' },
      spec: { from: fromTeamB(), url: 'http://127.0.0.1:9/hook', paused: true },
    };
    const t = await api(
      'ci',
      'POST',
      '/apis/imagestreams.io/v1/namespaces/team-a/webhooktriggers?dryRun=All',
      trigger,
    );
    expect(t.status, t.text).toBe(201);
  });

  it('leaves a tag an admin pointed at team-b editable: unchanged sources are not checked again', async () => {
    const legacy = stream('legacy', [{ name: 'x', from: fromTeamB() }]);
    expect((await api('admin', 'POST', `${G}/namespaces/team-a/imagestreams`, legacy)).status).toBe(201);
    const labels = { metadata: { labels: { team: 'a' } } };
    const merge = 'application/merge-patch+json';
    const p = await api('mallory', 'PATCH', `${G}/namespaces/team-a/imagestreams/legacy`, labels, merge);
    expect(p.status, p.text).toBe(200);
    // pointing it elsewhere in team-b is a change: checked
    const tags = { spec: { tags: [{ name: 'x', from: fromTeamB('secret:v2') }] } };
    expectForbidden(await api('mallory', 'PATCH', `${G}/namespaces/team-a/imagestreams/legacy`, tags, merge));
  });
});

describe('image id prefixes', () => {
  it('needs 12 characters: a one-character prefix is a 400, not an answer', async () => {
    const short = await api('mallory', 'GET', `${G}/namespaces/team-a/imagestreamimages/app@a`);
    expect(short.status, short.text).toBe(400);
    expect(short.text).not.toContain(APP_DIGEST);
    const prefix = `${G}/namespaces/team-a/imagestreamimages/app@${APP_DIGEST.slice(0, 19)}`;
    expect((await api('mallory', 'GET', prefix)).status).toBe(200);
  });
});

describe('grants of their own', () => {
  it('imagestreammappings need the registry grant', async () => {
    const forged = mapping(
      'app',
      'v1',
      `sha256:${'f'.repeat(64)}`,
      `evil.example/app@sha256:${'f'.repeat(64)}`,
    );
    expectForbidden(await api('mallory', 'POST', `${G}/namespaces/team-a/imagestreammappings`, forged));
    expectForbidden(await api('wanda', 'POST', `${G}/namespaces/team-a/imagestreammappings`, forged));
    const own = mapping(
      'app',
      'v2',
      `sha256:${'b'.repeat(64)}`,
      `quay.io/team-a/app@sha256:${'b'.repeat(64)}`,
    );
    expect((await api('registry', 'POST', `${G}/namespaces/team-a/imagestreammappings`, own)).status).toBe(
      201,
    );
    expectForbidden(await api('registry', 'POST', `${G}/namespaces/team-b/imagestreammappings`, own));
  });

  it('status writes need the status grant', async () => {
    const patch = {
      status: {
        tags: [
          {
            tag: 'v1',
            items: [
              {
                created: '2026-01-01T00:00:00Z',
                image: `sha256:${'e'.repeat(64)}`,
                dockerImageReference: 'evil.example/x',
                generation: 1,
              },
            ],
          },
        ],
      },
    };
    const merge = 'application/merge-patch+json';
    const path = `${G}/namespaces/team-a/imagestreams/app/status`;
    expectForbidden(await api('mallory', 'PATCH', path, patch, merge));
    const current = await api('mallory', 'GET', path);
    expect(current.status).toBe(200);
    expectForbidden(await api('mallory', 'PUT', path, current.body));
    const stored = await api('admin', 'GET', `${G}/namespaces/team-a/imagestreams/app`);
    expect(stored.text).not.toContain('evil.example');
    const byController = await api('ctl', 'PUT', path, current.body);
    expect(byController.status, byController.text).toBe(200);
    expectForbidden(
      await api(
        'ctl',
        'PATCH',
        `${G}/namespaces/team-a/imagestreams/app`,
        { metadata: { labels: { a: 'b' } } },
        merge,
      ),
    );
  });

  it('namespace writes need admin', async () => {
    const merge = 'application/merge-patch+json';
    const labels = { metadata: { labels: { owner: 'mallory' } } };
    expectForbidden(await api('mallory', 'PATCH', '/api/v1/namespaces/team-a', labels, merge));
    const ns = await api('mallory', 'GET', '/api/v1/namespaces/team-a');
    expect(ns.status).toBe(200);
    expectForbidden(await api('mallory', 'PUT', '/api/v1/namespaces/team-a', ns.body));
    expectForbidden(await api('wanda', 'DELETE', '/api/v1/namespaces/team-b'));
    expectForbidden(await api('wanda', 'POST', '/api/v1/namespaces', { metadata: { name: 'new' } }));
    expect((await api('admin', 'GET', `${G}/namespaces/team-b/imagestreams/secret`)).status).toBe(200);
  });

  it('images are admin-only; streams still show their images to namespace users', async () => {
    expectForbidden(await api('mallory', 'GET', `${G}/images`));
    // the 403 names the image asked for, nothing more
    const one = await api('mallory', 'GET', `${G}/images/${SECRET_DIGEST}`);
    expect(one.status).toBe(403);
    expect(one.text).not.toContain('registry.team-b.internal');
    expectForbidden(await api('mallory', 'GET', `${G}/images?watch=true&timeoutSeconds=1`));
    expectForbidden(await api('wanda', 'GET', `${G}/images`));
    expect((await api('admin', 'GET', `${G}/images/${SECRET_DIGEST}`)).status).toBe(200);
    const istag = await api('mallory', 'GET', `${G}/namespaces/team-a/imagestreamtags/app:v1`);
    expect(istag.status).toBe(200);
    expect((istag.body.image as { metadata: { name: string } }).metadata.name).toBe(APP_DIGEST);
    const isimage = await api('mallory', 'GET', `${G}/namespaces/team-a/imagestreamimages/app@${APP_DIGEST}`);
    expect(isimage.status).toBe(200);
  });
});

describe('what a user with a write grant runs still works', () => {
  it('isctl tag, import-image and describe in team-a', async () => {
    const tag = await isctl('mallory', ['tag', 'app:v1', 'app:copy']);
    expect(tag.stderr).toBe('');
    expect(tag.code).toBe(0);
    const pushed = await pushImage(registry, 'team-a/up', '1');
    const imported = await isctl('mallory', [
      'import-image',
      'up:1',
      '--from',
      `${registry.host}/team-a/up:1`,
      '--confirm',
      '--insecure',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(pushed.digest);
    const described = await isctl('mallory', ['describe', 'is', 'app']);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toContain('copy');
  });
});
