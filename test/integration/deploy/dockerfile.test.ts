/**
 * The repository's Dockerfile builds the server image on Debian's Docker engine, and `isctl serve`
 * runs in it the way the Kubernetes manifests run it: as their uid/gid, with a read-only root
 * filesystem, the data directory on a volume, the token file and serving certificate mounted
 * read-only. Nothing can be pulled here, so the test first makes the `node` base image itself
 * (test/support/node-base-image.ts) and passes it as the Dockerfile's NODE_IMAGE; `npm ci` in the
 * build stage reaches the npm registry (--network host). The build compiles the whole project
 * (tsc, vite) inside the engine: 6–7 min for the build and 8 min for the file on the 2-core test
 * machine at load 13–17 (it prints the build's time).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Deployment } from '@kubernetes/client-node';
import { extract, type Headers } from 'tar-stream';
import { Agent, fetch } from 'undici';
import { removeContainers, startDocker, type TestDocker } from '../../support/docker.js';
import { REPO_ROOT, findObject, loadManifests } from '../../support/deploy-manifests.js';
import { buildNodeBaseImage } from '../../support/node-base-image.js';
import { freePort } from '../../support/test-images.js';
import { makeSelfSignedCert } from '../../support/registry/tls.js';
import { until } from '../../support/until.js';

const run = randomBytes(4).toString('hex');
const LABEL = { 'io.imagestreams.test': `dockerfile-${run}` };
const BASE = `imagestreams-test-node:${run}`;
const IMAGE = `imagestreams-test-server:${run}`;

const deployment = findObject(loadManifests(), 'Deployment', 'imagestreams') as V1Deployment;
const pod = deployment.spec!.template.spec!;
const container = pod.containers[0]!;
const uid = container.securityContext?.runAsUser ?? pod.securityContext!.runAsUser!;
const gid = container.securityContext?.runAsGroup ?? pod.securityContext!.runAsGroup!;
const dataDir = container.volumeMounts!.find((m) => m.name === 'data')!.mountPath;
const containerPort = container.ports![0]!.containerPort;

const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
/** What the lock file installs for development only (`dev: true`): typescript, vite, eslint, … */
const devOnly = Object.entries(
  (
    JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    }
  ).packages,
)
  .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev === true)
  .map(([path]) => path);

let engine: TestDocker;
let dir: string;
const containers: string[] = [];

/** The entries of a tar stream, by name without a leading `./` or `/`. */
async function tarEntries(tar: NodeJS.ReadableStream): Promise<Map<string, Headers>> {
  const entries = new Map<string, Headers>();
  await new Promise<void>((resolve, reject) => {
    const x = extract();
    x.on('entry', (header, stream, next) => {
      entries.set(header.name.replace(/^\.?\//, '').replace(/\/$/, ''), header);
      stream.on('end', () => next());
      stream.resume();
    });
    x.on('finish', resolve);
    x.on('error', reject);
    tar.on('error', reject);
    tar.pipe(x);
  });
  return entries;
}

/** The file names in the image's filesystem (`docker export` of a container created from it). */
async function imageFiles(): Promise<Set<string>> {
  const created = await engine.docker.createContainer({ Image: IMAGE });
  containers.push(created.id);
  return new Set((await tarEntries(await created.export())).keys());
}

beforeAll(async () => {
  engine = await startDocker();
  dir = await mkdtemp(join(tmpdir(), 'isdockerfile-'));
  await buildNodeBaseImage(engine.docker, BASE, LABEL);
  const started = Date.now();
  await promisify(execFile)(
    'docker',
    ['build', '--network', 'host', '--build-arg', `NODE_IMAGE=${BASE}`, '--tag', IMAGE, REPO_ROOT],
    // the engine here is Debian's: its own (classic) builder, no buildx
    { env: { ...process.env, DOCKER_HOST: engine.host, DOCKER_BUILDKIT: '0' }, maxBuffer: 64 << 20 },
  ).catch((err: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(
      `docker build failed: ${err.message}\n${(err.stdout ?? '').slice(-3000)}\n${(err.stderr ?? '').slice(-3000)}`,
    );
  });
  console.info(`docker build of the server image: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}, 1_200_000);

afterAll(async () => {
  if (engine) {
    await removeContainers(engine.docker, containers);
    for (const image of [IMAGE, BASE]) {
      await engine.docker
        .getImage(image)
        .remove({ force: true })
        .catch(() => undefined);
    }
    // the build stage's image (untagged), which inherits the base image's label
    await engine.docker
      .pruneImages({
        filters: JSON.stringify({
          dangling: ['true'],
          label: [`io.imagestreams.test=${LABEL['io.imagestreams.test']}`],
        }),
      })
      .catch(() => undefined);
    await engine.stop();
  }
  if (dir) await rm(dir, { recursive: true, force: true });
}, 120_000);

describe('the server image', () => {
  it('runs isctl as the non-root user of the manifests, with the data directory a volume', async () => {
    const config = (await engine.docker.getImage(IMAGE).inspect()).Config;
    expect(uid).toBeGreaterThan(0);
    expect(config.User).toBe(`${uid}:${gid}`);
    expect(config.Entrypoint).toEqual(['node', '/app/dist/src/cli/main.js']);
    expect(config.Cmd?.[0]).toBe('serve');
    expect(Object.keys(config.Volumes ?? {})).toContain(dataDir);
    expect(Object.keys(config.ExposedPorts ?? {})).toContain(`${containerPort}/tcp`);
  });

  it('holds node, the built server and console, and the production dependencies only', async () => {
    const files = await imageFiles();
    expect(files).toContain('usr/local/bin/node');
    expect(files).toContain('app/dist/src/cli/main.js');
    expect(files).toContain('app/dist/console/index.html');
    for (const name of Object.keys(pkg.dependencies)) {
      expect(files, name).toContain(`app/node_modules/${name}/package.json`);
    }
    // no package manager, compiler or bundler
    const tools =
      /(^|\/)(s?bin|\.bin)\/(npm|npx|corepack|yarn|yarnpkg|node-gyp|gcc|g\+\+|cc|c\+\+|make|python3?|tsc|vite|esbuild)$/;
    expect([...files].filter((f) => tools.test(f))).toEqual([]);
    expect([...files].filter((f) => f.startsWith('usr/local/lib/node_modules/'))).toEqual([]);
    expect(devOnly.length).toBeGreaterThan(0);
    expect(devOnly.filter((path) => files.has(`app/${path}/package.json`))).toEqual([]);
  });

  it('serves the API as the manifests run it: read-only root, secrets mounted read-only, TLS and a token', async () => {
    // the Secrets as the pod mounts them: 0440, the group the pod's fsGroup
    for (const sub of ['tokens', 'tls']) await mkdir(join(dir, sub), { mode: 0o755 });
    await chmod(dir, 0o755);
    const token = randomBytes(16).toString('hex');
    await writeFile(join(dir, 'tokens', 'tokens.csv'), `${token},admin,1,"imagestreams:admin"\n`);
    const cert = makeSelfSignedCert(join(dir, 'tls'), 'tls', 'localhost');
    for (const file of ['tokens/tokens.csv', 'tls/tls.crt', 'tls/tls.key']) {
      await chown(join(dir, file), 0, gid);
      await chmod(join(dir, file), 0o440);
    }
    const port = await freePort();
    const created = await engine.docker.createContainer({
      Image: IMAGE,
      User: `${uid}:${gid}`,
      Cmd: [
        'serve',
        `--listen=127.0.0.1:${port}`,
        `--data-dir=${dataDir}`,
        '--token-auth-file=/etc/imagestreams/tokens/tokens.csv',
        '--tls-cert-file=/etc/imagestreams/tls/tls.crt',
        '--tls-private-key-file=/etc/imagestreams/tls/tls.key',
        '--disable-docker-target',
        '--disable-builds',
      ],
      HostConfig: {
        NetworkMode: 'host',
        ReadonlyRootfs: container.securityContext?.readOnlyRootFilesystem === true,
        Tmpfs: { '/tmp': 'rw,size=256m' },
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        Binds: [
          `${join(dir, 'tokens')}:/etc/imagestreams/tokens:ro`,
          `${join(dir, 'tls')}:/etc/imagestreams/tls:ro`,
        ],
      },
    });
    containers.push(created.id);
    await created.start();
    expect((await created.inspect()).HostConfig.ReadonlyRootfs).toBe(true);

    const agent = new Agent({ connect: { ca: cert.certPem } });
    const url = `https://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    try {
      const ready = await until(
        'the server in the image answers /readyz',
        async () => {
          const state = (await created.inspect()).State;
          if (!state.Running) {
            const logs = await created.logs({ stdout: true, stderr: true });
            throw new Error(`the server exited (${state.ExitCode}):\n${logs.toString()}`);
          }
          return fetch(`${url}/readyz`, { dispatcher: agent })
            .then((res) => (res.status === 200 ? res.text() : undefined))
            .catch(() => undefined);
        },
        180_000,
        500,
      );
      expect(ready).toBe('ok');

      expect(
        (await fetch(`${url}/apis/image.openshift.io/v1/imagestreams`, { dispatcher: agent })).status,
      ).toBe(401);

      const discovery = await fetch(`${url}/apis/image.openshift.io/v1`, {
        dispatcher: agent,
        headers: auth,
      });
      expect(discovery.status).toBe(200);
      const resources = ((await discovery.json()) as { resources: { name: string }[] }).resources.map(
        (r) => r.name,
      );
      expect(resources).toContain('imagestreams');

      const streams = `${url}/apis/image.openshift.io/v1/namespaces/default/imagestreams`;
      const create = await fetch(streams, {
        method: 'POST',
        dispatcher: agent,
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'image.openshift.io/v1',
          kind: 'ImageStream',
          metadata: { name: 'app' },
          spec: { tags: [{ name: 'v1', from: { kind: 'DockerImage', name: 'quay.io/example/app:v1' } }] },
        }),
      });
      expect(create.status).toBe(201);
      const got = await fetch(`${streams}/app`, { dispatcher: agent, headers: auth });
      expect(got.status).toBe(200);
      expect(((await got.json()) as { spec: { tags: { name: string }[] } }).spec.tags[0]?.name).toBe('v1');

      // the console, found beside the package.json the image keeps
      const page = await fetch(`${url}/console/`, { dispatcher: agent });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);

      // the SQLite store is on a volume at the data directory, written as the manifests' user
      const volume = (await created.inspect()).Mounts.find((m) => m.Destination === dataDir);
      expect(volume?.Type).toBe('volume');
      const db = await tarEntries(await created.getArchive({ path: `${dataDir}/imagestreams.db` }));
      expect(db.get('imagestreams.db')?.uid).toBe(uid);
    } finally {
      await agent.close();
    }
  });
});
