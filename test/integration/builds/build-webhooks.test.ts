/**
 * Build webhooks against the built server (`isctl serve --disable-builds` with a token file, so
 * every other API call needs a token): generic, GitHub and GitLab hooks create Builds with their
 * causes, the secret in the URL (inline or a Secret's WebHookSecretKey) is the only credential, a
 * wrong secret and a missing BuildConfig get the same 401, a bad GitHub signature is refused, a
 * push to another branch is ignored, and no secret reaches the logs or an answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, cliPath, runCli } from '../cli/cli-harness.js';
import { freePort } from '../../support/registry/index.js';

const ADMIN = 'hooks-admin-token';
const NS = 'hooks';
const G = `/apis/build.openshift.io/v1/namespaces/${NS}`;
const GENERIC_SECRET = 'generic-s3cret-5d1f0a';
const ENV_SECRET = 'env-s3cret-77c2e9';
const GITHUB_SECRET = 'github-s3cret-a4b8c1';
const GITLAB_SECRET = 'gitlab-s3cret-90e3d2';
const REF_SECRET = 'secretref-s3cret-3be7f4';
const ALL_SECRETS = [GENERIC_SECRET, ENV_SECRET, GITHUB_SECRET, GITLAB_SECRET, REF_SECRET];
const COMMIT = 'c0ffee'.padEnd(40, '0');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read by path in assertions
type Body = Record<string, any>;
interface Res {
  status: number;
  text: string;
  body: Body;
}

let child: ChildProcess;
let url = '';
let logs = '';
let tmp = '';
const answers: string[] = [];

async function call(
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Res> {
  const raw = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(raw !== undefined ? { body: raw } : {}),
  });
  const text = await res.text();
  let parsed: Body = {};
  try {
    parsed = JSON.parse(text) as Body;
  } catch {
    // not JSON
  }
  return { status: res.status, text, body: parsed };
}
const admin = (method: string, p: string, body?: unknown) =>
  call(method, p, body, { authorization: `Bearer ${ADMIN}` });
/** a webhook delivery, without a token; its answer is kept to check that it names no secret */
async function hook(
  name: string,
  secret: string,
  type: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Res> {
  const r = await call('POST', `${G}/buildconfigs/${name}/webhooks/${secret}/${type}`, body, headers);
  answers.push(r.text);
  return r;
}

function bc(name: string, triggers: object[]): object {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name },
    spec: {
      source: { git: { uri: 'https://git.example.invalid/team/app.git', ref: 'main' } },
      strategy: { dockerStrategy: { env: [{ name: 'MODE', value: 'prod' }] } },
      output: {},
      triggers,
    },
  };
}

const buildsOf = async (name: string): Promise<Body[]> =>
  ((await admin('GET', `${G}/builds?labelSelector=openshift.io/build-config.name=${name}`)).body.items ??
    []) as Body[];

function githubPush(ref: string): object {
  return {
    ref,
    after: COMMIT,
    head_commit: {
      id: COMMIT,
      message: 'fix the thing',
      author: { name: 'Ada', email: 'ada@example.com' },
      committer: { name: 'Ada', email: 'ada@example.com' },
    },
  };
}

async function waitReady(deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`server not ready within ${deadlineMs} ms: ${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await buildProject();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'isctl-hooks-'));
  const tokens = path.join(tmp, 'tokens.csv');
  writeFileSync(tokens, `${ADMIN},admin,1,imagestreams:admin\n`);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(
    process.execPath,
    [
      cliPath(),
      'serve',
      ...['--listen', `127.0.0.1:${port}`, '--data-dir', path.join(tmp, 'data')],
      ...['--token-auth-file', tokens, '--disable-builds', '--disable-scheduled-import'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'debug' } },
  );
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (logs += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (logs += d));
  await waitReady(30_000);
  expect(
    (
      await admin('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: NS },
      })
    ).status,
  ).toBe(201);
  const created = await Promise.all([
    admin('POST', `${G}/buildconfigs`, bc('gen', [{ type: 'Generic', generic: { secret: GENERIC_SECRET } }])),
    admin(
      'POST',
      `${G}/buildconfigs`,
      bc('envy', [{ type: 'Generic', generic: { secret: ENV_SECRET, allowEnv: true } }]),
    ),
    admin('POST', `${G}/buildconfigs`, bc('gh', [{ type: 'GitHub', github: { secret: GITHUB_SECRET } }])),
    admin('POST', `${G}/buildconfigs`, bc('gl', [{ type: 'GitLab', gitlab: { secret: GITLAB_SECRET } }])),
    admin(
      'POST',
      `${G}/buildconfigs`,
      bc('ref', [{ type: 'Generic', generic: { secretReference: { name: 'hook-secret' } } }]),
    ),
    admin('POST', `/api/v1/namespaces/${NS}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'hook-secret' },
      stringData: { WebHookSecretKey: REF_SECRET },
    }),
  ]);
  expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
}, 240_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('build webhooks', () => {
  it('a generic hook starts a build with the Generic WebHook cause and the revision, without a token', async () => {
    const r = await hook('gen', GENERIC_SECRET, 'generic', {
      git: { uri: 'https://git.example.invalid/team/app.git', ref: 'main', commit: COMMIT, message: 'hi' },
      env: [{ name: 'MODE', value: 'debug' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.details).toMatchObject({ name: 'gen-1', kind: 'builds' });
    const [build] = await buildsOf('gen');
    expect(build?.spec.triggeredBy).toEqual([
      {
        message: 'Generic WebHook',
        genericWebHook: {
          revision: { type: 'Git', git: { commit: COMMIT, message: 'hi' } },
          secret: '<secret>',
        },
      },
    ]);
    expect(build?.spec.revision.git.commit).toBe(COMMIT);
    // env from the payload only with allowEnv
    expect(build?.spec.strategy.dockerStrategy.env).toEqual([{ name: 'MODE', value: 'prod' }]);
  });

  it('takes env from a generic payload when the trigger allows it, and needs no payload', async () => {
    expect(
      (await hook('envy', ENV_SECRET, 'generic', { env: [{ name: 'MODE', value: 'debug' }] })).status,
    ).toBe(200);
    const [build] = await buildsOf('envy');
    expect(build?.spec.strategy.dockerStrategy.env).toEqual([{ name: 'MODE', value: 'debug' }]);
    expect((await hook('envy', ENV_SECRET, 'generic')).status).toBe(200);
    expect(await buildsOf('envy')).toHaveLength(2);
    // YAML is read; a payload of another type is ignored and the build goes ahead (as OpenShift)
    const yaml = await hook('envy', ENV_SECRET, 'generic', 'env:\n  - name: MODE\n    value: yaml\n', {
      'content-type': 'application/yaml',
    });
    expect(yaml.status).toBe(200);
    const form = await hook('envy', ENV_SECRET, 'generic', 'env=MODE', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(200);
    expect(form.body.message).toContain('ignoring payload and continuing with build');
    const envs = (await buildsOf('envy'))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map((b) => b.spec.strategy.dockerStrategy.env[0].value);
    expect(envs).toEqual(['debug', 'prod', 'yaml', 'prod']);
  });

  it('a GitHub push signed with the secret starts a build with the GitHub WebHook cause', async () => {
    const payload = JSON.stringify(githubPush('refs/heads/main'));
    const signature = `sha256=${createHmac('sha256', GITHUB_SECRET).update(payload).digest('hex')}`;
    const r = await hook('gh', GITHUB_SECRET, 'github', payload, {
      'x-github-event': 'push',
      'x-hub-signature-256': signature,
    });
    expect(r.status).toBe(200);
    const [build] = await buildsOf('gh');
    expect(build?.spec.triggeredBy[0]).toMatchObject({
      message: 'GitHub WebHook',
      githubWebHook: {
        revision: { git: { commit: COMMIT, message: 'fix the thing', author: { name: 'Ada' } } },
        secret: '<secret>',
      },
    });
  });

  it('refuses a GitHub delivery whose X-Hub-Signature-256 is not made with the secret', async () => {
    const payload = JSON.stringify(githubPush('refs/heads/main'));
    const forged = `sha256=${createHmac('sha256', 'not-the-secret').update(payload).digest('hex')}`;
    const r = await hook('gh', GITHUB_SECRET, 'github', payload, {
      'x-github-event': 'push',
      'x-hub-signature-256': forged,
    });
    expect(r.status).toBe(401);
    // the signature over other bytes than were sent
    const other = `sha256=${createHmac('sha256', GITHUB_SECRET).update(`${payload} `).digest('hex')}`;
    const r2 = await hook('gh', GITHUB_SECRET, 'github', payload, {
      'x-github-event': 'push',
      'x-hub-signature-256': other,
    });
    expect(r2.status).toBe(401);
    expect(await buildsOf('gh')).toHaveLength(1);
  });

  it('ignores a push to another branch than source.git.ref (200, no build), and a ping', async () => {
    const r = await hook('gh', GITHUB_SECRET, 'github', githubPush('refs/heads/feature'), {
      'x-github-event': 'push',
    });
    expect(r.status).toBe(200);
    expect(r.body.message).toMatch(/does not match configuration "main"/);
    const ping = await hook('gh', GITHUB_SECRET, 'github', {}, { 'x-github-event': 'ping' });
    expect(ping.status).toBe(200);
    const gen = await hook('gen', GENERIC_SECRET, 'generic', { git: { ref: 'refs/heads/feature' } });
    expect(gen.status).toBe(200);
    expect(await buildsOf('gh')).toHaveLength(1);
    expect(await buildsOf('gen')).toHaveLength(1);
  });

  it('answers a payload that is not what the hook reads with 400 naming the field, and builds nothing', async () => {
    const r = await hook('gen', GENERIC_SECRET, 'generic', { git: { ref: 42 } });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('git.ref');
    const badCommit = await hook('gen', GENERIC_SECRET, 'generic', { git: { commit: '--upload-pack=x' } });
    expect(badCommit.status).toBe(400);
    expect(badCommit.body.message).toContain('git.commit');
    const notJson = await hook('gh', GITHUB_SECRET, 'github', '{"ref":', { 'x-github-event': 'push' });
    expect(notJson.status).toBe(400);
    expect(await buildsOf('gen')).toHaveLength(1);
  });

  it('a GitLab Push Hook starts a build with the GitLab WebHook cause', async () => {
    const r = await hook(
      'gl',
      GITLAB_SECRET,
      'gitlab',
      { ref: 'refs/heads/main', checkout_sha: COMMIT, commits: [{ id: COMMIT, message: 'gl' }] },
      { 'x-gitlab-event': 'Push Hook' },
    );
    expect(r.status).toBe(200);
    const [build] = await buildsOf('gl');
    expect(build?.spec.triggeredBy[0]).toMatchObject({
      message: 'GitLab WebHook',
      gitlabWebHook: { revision: { git: { commit: COMMIT, message: 'gl' } }, secret: '<secret>' },
    });
  });

  it('opens with the WebHookSecretKey of a secretReference', async () => {
    expect((await hook('ref', REF_SECRET, 'generic')).status).toBe(200);
    expect((await hook('ref', GENERIC_SECRET, 'generic')).status).toBe(401);
    expect(await buildsOf('ref')).toHaveLength(1);
  });

  it('answers a wrong secret, another hook type and a missing BuildConfig alike: 401, no build', async () => {
    const wrong = await hook('gen', 'wrong-secret', 'generic');
    const otherType = await hook('gen', GENERIC_SECRET, 'github', githubPush('refs/heads/main'), {
      'x-github-event': 'push',
    });
    const missing = await hook('nosuchbc', 'wrong-secret', 'generic');
    expect([wrong.status, otherType.status, missing.status]).toEqual([401, 401, 401]);
    expect(wrong.body.reason).toBe('Unauthorized');
    expect(missing.text.replace('nosuchbc', 'gen')).toBe(wrong.text);
    expect(await buildsOf('gen')).toHaveLength(1);
  });

  it('lets only POST to a webhook path through without a token', async () => {
    expect((await call('GET', `${G}/buildconfigs/gen`)).status).toBe(401);
    expect((await call('GET', `${G}/buildconfigs/gen/webhooks/${GENERIC_SECRET}/generic`)).status).toBe(401);
    expect((await call('POST', `${G}/buildconfigs`, bc('sneaky', []))).status).toBe(401);
  });

  it('isctl describe bc shows the webhook URLs with <secret>, as oc does', async () => {
    const r = await runCli(['describe', 'bc', 'envy', '-n', NS, '--server', url, '--token', ADMIN]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Latest Version:\s+4$/m);
    expect(r.stdout).toMatch(/^Webhook Generic:$/m);
    expect(r.stdout).toContain(`${url}${G}/buildconfigs/envy/webhooks/<secret>/generic\n`);
    expect(r.stdout).toMatch(/^\tURL:\t+http:/m);
    expect(r.stdout).toMatch(/^\tAllowEnv:\t+true$/m);
    expect(r.stdout).toMatch(/^\tenvy-4 \tnew \t+waiting for \d+s \t/m); // oc: how long it has waited
    for (const secret of ALL_SECRETS) expect(r.stdout).not.toContain(secret);
  });

  it('never writes a secret to the logs or an answer', async () => {
    expect(logs).toContain('/webhooks/[redacted]/generic');
    for (const secret of ALL_SECRETS) {
      expect(logs).not.toContain(secret);
      expect(answers.filter((a) => a.includes(secret))).toEqual([]);
    }
    const statuses = (await buildsOf('gen')).map((b) => JSON.stringify(b.status));
    for (const secret of ALL_SECRETS) expect(statuses.join('')).not.toContain(secret);
  });
});
