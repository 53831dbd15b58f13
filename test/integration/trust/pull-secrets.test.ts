/**
 * Per-namespace pull secrets against a real htpasswd docker-registry and the real API server:
 * a namespace imports a private image with its own dockerconfigjson Secret; one without a Secret
 * and not named by --registry-credentials-namespaces fails with Unauthorized (no secret in the
 * message); a named one uses the server-wide credentials. Secret data is write-only: no GET,
 * list, watch, Table or kubectl output carries the password.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerExtension } from '../../../src/importer/index.js';
import { createCredentialStore } from '../../../src/registry/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';

const exec = promisify(execFile);
const b64 = (s: string) => Buffer.from(s).toString('base64');

interface ImportResult {
  status: { images: { status: { status: string; reason?: string; message?: string } }[] };
}

describe('per-namespace pull secrets', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;
  let secretTexts: string[];
  const core = (ns: string) => `${server.url}/api/v1/namespaces/${ns}/secrets`;
  const send = (method: string, url: string, body: unknown, type = 'application/json') =>
    fetch(url, { method, headers: { 'content-type': type }, body: JSON.stringify(body) });

  /** every form the password can take in a body */
  const leaks = (text: string) => secretTexts.filter((s) => text.includes(s));

  const dockerConfig = () =>
    JSON.stringify({
      auths: { [registry.host]: { auth: b64(`${registry.username!}:${registry.password!}`) } },
    });

  const importPrivate = async (ns: string): Promise<ImportResult> => {
    const res = await send(
      'POST',
      `${server.url}/apis/image.openshift.io/v1/namespaces/${ns}/imagestreamimports`,
      {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStreamImport',
        metadata: { name: 'private' },
        spec: {
          import: true,
          images: [
            {
              from: { kind: 'DockerImage', name: `${registry.host}/team/private:v1` },
              to: { name: 'v1' },
              importPolicy: { insecure: true },
            },
          ],
        },
      },
    );
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as ImportResult;
  };

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
    secretTexts = [
      registry.password!,
      b64(`${registry.username!}:${registry.password!}`),
      b64(dockerConfig()),
    ];
    dir = mkdtempSync(join(tmpdir(), 'pull-secrets-'));
    const serverWide = createCredentialStore({
      [registry.host]: { username: registry.username!, password: registry.password! },
    });
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        importerExtension({
          schedule: false,
          prune: false,
          credentials: serverWide,
          credentialNamespaces: ['ops'],
        }),
      ],
    });
    await pushImage(registry, 'team/private', 'v1');
  });

  afterAll(async () => {
    await server?.close();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("imports a private image with the namespace's own dockerconfigjson Secret", async () => {
    const created = await send('POST', core('team'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pull' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(dockerConfig()) },
    });
    const text = await created.text();
    expect(created.status, text).toBe(201);
    expect(leaks(text)).toEqual([]);
    const out = await importPrivate('team');
    expect(out.status.images[0]?.status.status).toBe('Success');
  });

  it('fails with Unauthorized in a namespace without a Secret that the flag does not name, quoting no secret', async () => {
    const out = await importPrivate('other');
    const status = out.status.images[0]?.status;
    expect(status?.status).toBe('Failure');
    expect(status?.reason).toBe('Unauthorized');
    const stream = await (
      await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/other/imagestreams/private`)
    ).text();
    expect(stream).toContain('ImportSuccess');
    expect(leaks(JSON.stringify(out) + stream)).toEqual([]);
  });

  it('uses the server-wide credentials in a namespace the flag names', async () => {
    expect((await importPrivate('ops')).status.images[0]?.status.status).toBe('Success');
  });

  it('never answers the data: get, list, Table, watch, patch and update show keys only', async () => {
    const watch = new AbortController();
    const watched = fetch(`${core('team')}?watch=true`, { signal: watch.signal }).then(async (res) => {
      let text = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
          text += decoder.decode(chunk);
      } catch {
        // aborted
      }
      return text;
    });
    const bodies: string[] = [];
    const get = (await (await fetch(`${core('team')}/pull`)).json()) as { data: Record<string, string> };
    bodies.push(JSON.stringify(get));
    expect(Object.keys(get.data)).toEqual(['.dockerconfigjson']);
    bodies.push(await (await fetch(core('team'))).text());
    bodies.push(await (await fetch(`${server.url}/api/v1/secrets`)).text());
    bodies.push(
      await (
        await fetch(core('team'), { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } })
      ).text(),
    );
    // a merge patch (labels only) keeps the data; a get-then-update keeps it too
    const patched = await send(
      'PATCH',
      `${core('team')}/pull`,
      { metadata: { labels: { a: 'b' } } },
      'application/merge-patch+json',
    );
    bodies.push(await patched.text());
    expect(patched.status).toBe(200);
    const fresh = (await (await fetch(`${core('team')}/pull`)).json()) as Record<string, unknown>;
    const updated = await send('PUT', `${core('team')}/pull`, fresh);
    bodies.push(await updated.text());
    expect(updated.status).toBe(200);
    // a JSON patch cannot probe the value: its test op sees the elided value only
    const probe = await send(
      'PATCH',
      `${core('team')}/pull`,
      [{ op: 'test', path: '/data/.dockerconfigjson', value: b64(dockerConfig()) }],
      'application/json-patch+json',
    );
    bodies.push(await probe.text());
    expect(probe.status).toBeGreaterThanOrEqual(400);
    const kubectl = async (...args: string[]) =>
      (await exec('kubectl', ['--server', server.url, '-n', 'team', ...args], { timeout: 30_000 })).stdout;
    bodies.push(await kubectl('get', 'secret', 'pull', '-o', 'yaml'));
    bodies.push(await kubectl('get', 'secrets'));
    bodies.push(await kubectl('describe', 'secret', 'pull'));
    await new Promise((r) => setTimeout(r, 300));
    watch.abort();
    const stream = await watched;
    expect(stream).toContain('"MODIFIED"');
    bodies.push(stream);
    for (const body of bodies) expect(leaks(body)).toEqual([]);
    // the stored value still works after the patch and the update
    expect((await importPrivate('team')).status.images[0]?.status.status).toBe('Success');
  });

  it('works with kubectl apply: the last-applied annotation carries no value, a re-apply keeps working', async () => {
    const manifest = join(dir, 'secret.yaml');
    const yaml = (config: string) =>
      [
        'apiVersion: v1',
        'kind: Secret',
        'metadata: {name: applied, namespace: team}',
        'type: kubernetes.io/dockerconfigjson',
        `stringData: {.dockerconfigjson: '${config}'}`,
        '',
      ].join('\n');
    const apply = async () => {
      try {
        await exec('kubectl', ['--server', server.url, 'apply', '-f', manifest], { timeout: 30_000 });
      } catch (e) {
        throw new Error(`kubectl apply failed: ${(e as { stderr?: string }).stderr ?? String(e)}`);
      }
    };
    writeFileSync(manifest, yaml(dockerConfig()));
    await apply();
    writeFileSync(
      manifest,
      yaml(dockerConfig()).replace('name: applied,', 'name: applied, labels: {v: "2"},'),
    );
    await apply();
    const got = await (await fetch(`${core('team')}/applied`)).text();
    expect(got).toContain('last-applied-configuration');
    expect(got).toContain('"v":"2"');
    expect(leaks(got)).toEqual([]);
  });

  it('answers a delete and a deletecollection with the keys only', async () => {
    const make = (name: string) =>
      send('POST', core('gone'), {
        metadata: { name },
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': dockerConfig() },
      });
    expect((await make('one')).status).toBe(201);
    expect((await make('two')).status).toBe(201);
    const one = await fetch(`${core('gone')}/one`, { method: 'DELETE' });
    const all = await fetch(core('gone'), { method: 'DELETE' });
    const text = (await one.text()) + (await all.text());
    expect(one.status).toBe(200);
    expect(all.status).toBe(200);
    expect(text).toContain('"two"');
    expect(leaks(text)).toEqual([]);
  });

  it('validates the docker config like Kubernetes, naming the field and quoting nothing', async () => {
    const res = await send('POST', core('team'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'broken' },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': `{"auths": ${registry.password!}` },
    });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('data[.dockerconfigjson]');
    expect(leaks(text)).toEqual([]);
  });
});

describe('scheduled checks with per-namespace pull secrets', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
    dir = mkdtempSync(join(tmpdir(), 'pull-secrets-scheduled-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        importerExtension({ prune: false, schedule: { intervalMs: 1000, checkpointEveryMs: 500 } }),
      ],
    });
  });

  afterAll(async () => {
    await server?.close();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("re-checks a private scheduled tag with the namespace's Secret and moves it", async () => {
    const first = await pushImage(registry, 'team/moving', 'latest', { env: ['V=1'] });
    const config = JSON.stringify({
      auths: { [registry.host]: { username: registry.username!, password: registry.password! } },
    });
    const secret = await fetch(`${server.url}/api/v1/namespaces/sched/secrets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        metadata: { name: 'pull' },
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': config },
      }),
    });
    expect(secret.status).toBe(201);
    const streamUrl = `${server.url}/apis/image.openshift.io/v1/namespaces/sched/imagestreams`;
    const created = await fetch(streamUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        metadata: { name: 'moving' },
        spec: {
          tags: [
            {
              name: 'latest',
              from: { kind: 'DockerImage', name: `${registry.host}/team/moving:latest` },
              importPolicy: { insecure: true, scheduled: true },
            },
          ],
        },
      }),
    });
    expect(created.status).toBe(201);
    const digestNow = async () => {
      const s = (await (await fetch(`${streamUrl}/moving`)).json()) as {
        status?: { tags?: { items?: { image: string }[] }[] };
      };
      return s.status?.tags?.[0]?.items?.[0]?.image;
    };
    const until = async (want: string) => {
      const end = Date.now() + 15_000;
      while ((await digestNow()) !== want) {
        if (Date.now() > end) throw new Error(`the tag did not reach ${want}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until(first.digest);
    const moved = await pushImage(registry, 'team/moving', 'latest', { env: ['V=2'] });
    await until(moved.digest);
  }, 30_000);
});
