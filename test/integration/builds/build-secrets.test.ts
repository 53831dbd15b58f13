/**
 * Build secrets against the real Docker engine, a registry with htpasswd auth and a Git HTTP
 * server with basic auth, all on loopback: `pullSecret` pulls the base image, `output.pushSecret`
 * pushes (the namespace's own pull secret for the registry is wrong, so only the push secret can
 * push), `source.sourceSecret` fetches the Git source (http basic auth; ssh with the key file given
 * to GIT_SSH_COMMAND and removed after). Build logs, Build objects and events never hold a secret
 * value.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredLog } from '../../../src/builds/build-log.js';
import type { Build } from '../../../src/builds/schema.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { BUILDS, EVENTS, IMAGE_STREAMS, SECRETS } from '../../../src/store/resource-types.js';
import { startDocker, type TestDocker } from '../../support/docker.js';
import { startGitHttpServer, type GitHttpServer } from '../../support/git-http-server.js';
import { startRegistry, type TestRegistry } from '../../support/registry/index.js';
import { buildAndPushTestImage } from '../../support/test-images.js';
import { finishedBuild } from '../../support/finished-build.js';

const NS = 'secrets';
const GIT_USER = 'gituser';
const GIT_PASS = 'g1t-pa55w0rd-xyz';
const SSH_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n${'QyNTUxOQAAACBzZWNyZXQta2V5LWxpbmUtZm9yLXRlc3RzLW9ubHkAAAA'}\n-----END OPENSSH PRIVATE KEY-----\n`;

let engine: TestDocker;
let registry: TestRegistry;
let gitServer: GitHttpServer;
let server: RunningServer;
let dir = '';
let base = '';
let fakeSshRecord = '';

const dockerConfig = (host: string, username: string, password: string) =>
  Buffer.from(
    JSON.stringify({
      auths: { [host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } },
    }),
  ).toString('base64');

async function secret(name: string, type: string, data: Record<string, string>): Promise<void> {
  await server.store.create(SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NS },
    type,
    data,
  } as never);
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function writeRepo(path: string): Promise<void> {
  execFileSync('git', ['init', '-q', '-b', 'main', path]);
  await writeFile(join(path, 'Dockerfile'), 'FROM placeholder\nCOPY content.txt /content.txt\n');
  await writeFile(join(path, 'content.txt'), 'hello\n');
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.email=d@example.com', '-c', 'user.name=d', ...a], { cwd: path });
  git('add', '.');
  git('commit', '-q', '-m', 'app');
}

/** an `ssh` that checks its options with the real ssh (-G), records the key it was given, then serves the repository locally as sshd would */
async function fakeSsh(binDir: string): Promise<void> {
  await mkdir(binDir);
  const script = `#!/bin/sh
key=""; prev=""
for a in "$@"; do [ "$prev" = "-i" ] && key="$a"; prev="$a"; done
/usr/bin/ssh -G "$@" >/dev/null || exit 255
echo "$key" > '${fakeSshRecord}/key-path'
cat "$key" > '${fakeSshRecord}/key-seen'
eval "last=\\\${$#}"
exec sh -c "$last"
`;
  await writeFile(join(binDir, 'ssh'), script);
  chmodSync(join(binDir, 'ssh'), 0o755);
}

function createConfig(name: string, spec: object): Promise<Response> {
  return fetch(`${server.url}/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name },
      spec,
    }),
  });
}

/** a BuildConfig with a ConfigChange trigger: its first build, finished */
async function startBuild(name: string, spec: object): Promise<Build> {
  const res = await createConfig(name, { triggers: [{ type: 'ConfigChange' }], ...spec });
  expect(res.status).toBe(201);
  return finishedBuild(server.store, NS, `${name}-1`);
}

const gitSource = (extra: object = {}) => ({
  git: { uri: `${gitServer.url}/app.git`, ref: 'main' },
  ...extra,
});
const strategy = (extra: object = {}) => ({
  dockerStrategy: { from: { kind: 'DockerImage', name: base }, ...extra },
});
const streamOutput = (extra: object = {}) => ({
  to: { kind: 'ImageStreamTag', name: 'out:latest' },
  ...extra,
});

/** everything a user or an operator can read about the builds: logs, Builds, events */
async function everythingShown(): Promise<string> {
  const builds = await server.store.list(BUILDS, { namespace: NS });
  const events = await server.store.list(EVENTS, { namespace: NS });
  const logs = await Promise.all(builds.items.map((b) => readStoredLog(server.store, NS, b.metadata.name)));
  return JSON.stringify([builds.items, events.items, logs]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'is-build-secrets-'));
  fakeSshRecord = join(dir, 'ssh-record');
  await mkdir(fakeSshRecord);
  await fakeSsh(join(dir, 'bin'));
  process.env.PATH = `${join(dir, 'bin')}:${process.env.PATH ?? ''}`;
  await mkdir(join(dir, 'git'));
  await writeRepo(join(dir, 'git', 'app.git'));
  gitServer = await startGitHttpServer(join(dir, 'git'), { username: GIT_USER, password: GIT_PASS });
  engine = await startDocker();
  registry = await startRegistry({ auth: 'htpasswd' });
  const creds = { username: registry.username ?? '', password: registry.password ?? '' };
  const pushed = await buildAndPushTestImage(engine.docker, {
    repository: `${registry.host}/team/base`,
    version: 'v1',
    auth: creds,
  });
  base = pushed.reference;
  // the engine must pull the base through the build's credentials
  await engine.docker.getImage(pushed.tagged).remove({ force: true });
  server = await startServer({
    listen: '127.0.0.1:0',
    dataDir: join(dir, 'data'),
    extensions: [buildsExtension({ docker: engine.docker })],
  });
  const good = dockerConfig(registry.host, creds.username, creds.password);
  // first by name: the namespace's own credentials for the registry are wrong
  await secret('a-wrong', 'kubernetes.io/dockerconfigjson', {
    '.dockerconfigjson': dockerConfig(registry.host, creds.username, 'not-the-password'),
  });
  await secret('registry-creds', 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': good });
  await secret('git-creds', 'kubernetes.io/basic-auth', { username: b64(GIT_USER), password: b64(GIT_PASS) });
  await secret('ssh-creds', 'kubernetes.io/ssh-auth', { 'ssh-privatekey': b64(SSH_KEY) });
  await server.store.create(IMAGE_STREAMS, {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'out', namespace: NS },
    spec: { dockerImageRepository: `${registry.host}/team/out` },
  } as never);
}, 180_000);

afterAll(async () => {
  await server?.close();
  await gitServer?.close();
  await registry?.stop();
  await engine?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('build secrets', () => {
  it('without the secrets: the source is refused, the base cannot be pulled, the push is refused', async () => {
    const nosource = await startBuild('nosource', { source: gitSource(), strategy: strategy() });
    expect(nosource.status).toMatchObject({ phase: 'Failed', reason: 'FetchSourceFailed' });
    expect(gitServer.refused).toBeGreaterThan(0);
    const nopull = await startBuild('nopull', {
      source: gitSource({ sourceSecret: { name: 'git-creds' } }),
      strategy: strategy(),
    });
    expect(nopull.status).toMatchObject({ phase: 'Failed', reason: 'DockerBuildFailed' });
    const nopush = await startBuild('nopush', {
      source: { dockerfile: 'FROM scratch\nLABEL a=b\n' },
      strategy: { dockerStrategy: {} },
      output: streamOutput(),
    });
    expect(nopush.status).toMatchObject({ phase: 'Failed', reason: 'PushImageToRegistryFailed' });
    const missing = await startBuild('missing', {
      source: { dockerfile: 'FROM scratch\nLABEL a=b\n' },
      strategy: { dockerStrategy: {} },
      output: streamOutput({ pushSecret: { name: 'nope' } }),
    });
    expect(missing.status).toMatchObject({
      phase: 'Failed',
      reason: 'MissingPushSecret',
      message: 'Missing push secret.',
    });
    const log = (await readStoredLog(server.store, NS, 'missing-1'))?.log ?? '';
    expect(log).toContain('secret "nope" not found');
  }, 200_000);

  it('pulls with pullSecret, fetches with sourceSecret and pushes with pushSecret; nothing shows a secret', async () => {
    const b = await startBuild('app', {
      source: gitSource({ sourceSecret: { name: 'git-creds' } }),
      strategy: strategy({ pullSecret: { name: 'registry-creds' } }),
      output: streamOutput({ pushSecret: { name: 'registry-creds' } }),
    });
    const log = (await readStoredLog(server.store, NS, 'app-1'))?.log ?? '';
    expect(b.status?.phase, log).toBe('Complete');
    const digest = b.status?.output?.to?.imageDigest ?? '';
    expect(digest).toMatch(/^sha256:/);
    const manifest = await fetch(`${registry.url}/v2/team/out/manifests/${digest}`, {
      headers: { authorization: registry.pushAuthorization('team/out') ?? '' },
    });
    expect(manifest.status).toBe(200);
    const stream = (await server.store.get(IMAGE_STREAMS, NS, 'out')) as unknown as {
      status: { tags: { tag: string; items: { image: string }[] }[] };
    };
    expect(stream.status.tags[0]?.items[0]?.image).toBe(digest);

    const docker = await startBuild('todocker', {
      source: { dockerfile: 'FROM scratch\nLABEL b=c\n' },
      strategy: { dockerStrategy: {} },
      output: {
        to: { kind: 'DockerImage', name: `${registry.host}/team/plain:v1` },
        pushSecret: { name: 'registry-creds' },
      },
    });
    expect(docker.status?.phase).toBe('Complete');

    const shown = await everythingShown();
    for (const value of [registry.password ?? '', GIT_PASS, 'not-the-password']) {
      expect(value.length).toBeGreaterThan(5);
      expect(shown).not.toContain(value);
      expect(shown).not.toContain(b64(value));
    }
    expect(shown).not.toContain(b64(`${GIT_USER}:${GIT_PASS}`));
  }, 200_000);

  it('gives the pullSecret to every stage of a Dockerfile without a strategy from', async () => {
    // the engine has the base from the build before: it must pull it again
    await engine.docker
      .getImage(base)
      .remove({ force: true })
      .catch(() => undefined);
    const b = await startBuild('stages', {
      source: {
        dockerfile: `FROM ${base} AS first\nFROM scratch\nCOPY --from=first /www/version /version\n`,
      },
      strategy: { dockerStrategy: { pullSecret: { name: 'registry-creds' } } },
    });
    expect(b.status?.phase, (await readStoredLog(server.store, NS, 'stages-1'))?.log).toBe('Complete');
    expect(await everythingShown()).not.toContain(registry.password ?? '-');
  }, 120_000);

  it('fetches over ssh with the key of sourceSecret, given in a file removed after', async () => {
    const b = await startBuild('overssh', {
      source: {
        git: { uri: `ssh://git@127.0.0.1:2222${join(dir, 'git', 'app.git')}`, ref: 'main' },
        sourceSecret: { name: 'ssh-creds' },
      },
      strategy: { dockerStrategy: {} },
    });
    // the ssh transport fetched the source; the Dockerfile's FROM placeholder fails the build step
    expect(b.status?.reason).toBe('DockerBuildFailed');
    expect(readFileSync(join(fakeSshRecord, 'key-seen'), 'utf8')).toBe(SSH_KEY);
    const keyPath = readFileSync(join(fakeSshRecord, 'key-path'), 'utf8').trim();
    expect(keyPath).toMatch(/ssh-privatekey$/);
    expect(existsSync(keyPath)).toBe(false);
    const shown = await everythingShown();
    for (const line of SSH_KEY.split('\n').filter((l) => l.length > 20 && !l.startsWith('-'))) {
      expect(shown).not.toContain(line);
    }
  }, 120_000);

  it('refuses a secret reference without a name, naming the field', async () => {
    const res = await createConfig('noname', {
      source: gitSource({ sourceSecret: {} }),
      strategy: strategy({ pullSecret: {} }),
      output: streamOutput({ pushSecret: {} }),
    });
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as { details: { causes: { field: string }[] } }).details.causes.map(
      (c) => c.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'spec.source.sourceSecret.name',
        'spec.output.pushSecret.name',
        'spec.strategy.dockerStrategy.pullSecret.name',
      ]),
    );
  });
});
