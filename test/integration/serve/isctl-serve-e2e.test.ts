/**
 * The whole product as a user runs it: the built `isctl serve` with its default extensions, a
 * real Debian docker-registry that notifies it, kubectl and isctl as clients. A stream applied
 * with kubectl is imported by the controller; a later push to the registry moves the tag through
 * the notification alone (nothing polls), and the move is listed by `kubectl get events`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigYaml, runKubectl } from '../../support/api-server.js';
import { freePort, pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';
import { buildProject, runCli, spawnCli, type LiveCli } from '../cli/cli-harness.js';

const TOKEN = 'e2e-notify-token';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Stream {
  metadata: { resourceVersion: string };
  status?: { tags?: { tag: string; items: { image: string; generation: number }[] | null }[] };
}

describe('isctl serve end to end', () => {
  let tmp: string;
  let registry: TestRegistry;
  let serve: LiveCli;
  let url: string;
  let kubeconfig: string;

  const streamOf = async (name: string): Promise<Stream> =>
    (await (
      await fetch(`${url}/apis/image.openshift.io/v1/namespaces/default/imagestreams/${name}`)
    ).json()) as Stream;
  const latestImage = async (name: string, tag: string): Promise<string | undefined> =>
    (await streamOf(name)).status?.tags?.find((t) => t.tag === tag)?.items?.[0]?.image;

  beforeAll(async () => {
    await buildProject();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'is-e2e-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    serve = spawnCli(
      [
        'serve',
        '--listen',
        `127.0.0.1:${port}`,
        '--data-dir',
        path.join(tmp, 'data'),
        '--notifications-token',
        TOKEN,
      ],
      { timeoutMs: 170_000, env: { LOG_LEVEL: 'warn' } },
    );
    await waitFor(
      'the server to be ready',
      async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined),
      30_000,
    );
    registry = await startRegistry({
      auth: 'none',
      notify: {
        url: `${url}/notifications/distribution`,
        token: TOKEN,
        timeout: '2s',
        threshold: 3,
        backoff: '200ms',
      },
    });
    kubeconfig = path.join(tmp, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigYaml(url, undefined));
  }, 240_000);

  afterAll(async () => {
    await serve?.stop('SIGTERM');
    await registry?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('imports a tag applied with kubectl, moves it on a registry push without polling, and records an event', async () => {
    const first = await pushImage(registry, 'team/app', 'latest', { env: ['VERSION=1'] });
    const manifest = path.join(tmp, 'app.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: image.openshift.io/v1',
        'kind: ImageStream',
        'metadata: {name: app}',
        'spec:',
        '  tags:',
        '  - name: latest',
        `    from: {kind: DockerImage, name: "${registry.host}/team/app:latest"}`,
        '    importPolicy: {insecure: true}',
      ].join('\n'),
    );
    const applied = await runKubectl(kubeconfig, ['apply', '-f', manifest]);
    expect(applied.stdout).toContain('imagestream.image.openshift.io/app created');
    await waitFor(
      'the first import',
      async () => ((await latestImage('app', 'latest')) === first.digest ? true : undefined),
      20_000,
    );

    const istag = await runKubectl(kubeconfig, [
      'get',
      'istag',
      'app:latest',
      '-o',
      'jsonpath={.image.metadata.name}',
    ]);
    expect(istag.stdout).toBe(first.digest);

    const second = await pushImage(registry, 'team/app', 'latest', { env: ['VERSION=2'] });
    await waitFor(
      'the push to move the tag',
      async () => ((await latestImage('app', 'latest')) === second.digest ? true : undefined),
      15_000,
    );
    const stream = await streamOf('app');
    const items = stream.status?.tags?.find((t) => t.tag === 'latest')?.items ?? [];
    expect(items.map((i) => i.image)).toEqual([second.digest, first.digest]);

    const events = await waitFor(
      'a TagUpdated event',
      async () => {
        const r = await runKubectl(kubeconfig, ['get', 'events']);
        return r.stdout.includes('TagUpdated') ? r.stdout : undefined;
      },
      10_000,
    );
    expect(events).toContain('imagestream/app');

    const described = await runCli(['describe', 'is', 'app', '--server', url]);
    expect(described.code).toBe(0);
    expect(described.stdout).toContain(`* ${registry.host}/team/app@${second.digest}`);
    expect(described.stdout).toContain(`${registry.host}/team/app@${first.digest}`);
  }, 90_000);

  it('serves the lookupPolicy.local admission webhook: a Pod naming app:latest gets its digest', async () => {
    const patchedStream = await runKubectl(kubeconfig, [
      'patch',
      'is',
      'app',
      '--type',
      'merge',
      '-p',
      '{"spec":{"lookupPolicy":{"local":true}}}',
    ]);
    expect(patchedStream.code).toBe(0);
    const digest = await waitFor('an image on app:latest', () => latestImage('app', 'latest'), 20_000);
    const res = await fetch(`${url}/admission/image-lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: {
          uid: 'e2e-1',
          kind: { group: '', version: 'v1', kind: 'Pod' },
          namespace: 'default',
          operation: 'CREATE',
          object: {
            apiVersion: 'v1',
            kind: 'Pod',
            spec: { containers: [{ name: 'a', image: 'app:latest' }] },
          },
        },
      }),
    });
    expect(res.status).toBe(200);
    const { response } = (await res.json()) as { response: { uid: string; allowed: boolean; patch: string } };
    expect(response).toMatchObject({ uid: 'e2e-1', allowed: true, patchType: 'JSONPatch' });
    expect(JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8'))).toEqual([
      { op: 'replace', path: '/spec/containers/0/image', value: `${registry.host}/team/app@${digest}` },
    ]);
  }, 30_000);

  it('answers 401 to a notification without the token and 400 to a malformed one', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${url}/notifications/distribution`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json', ...headers },
        body,
      });
    expect((await post({}, '{"events":[]}')).status).toBe(401);
    expect((await post({ authorization: `Bearer ${TOKEN}` }, '{not json')).status).toBe(400);
  });
});
