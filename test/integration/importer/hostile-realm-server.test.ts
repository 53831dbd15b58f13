/**
 * A hostile registry naming a token realm on another host, imported through the real API server
 * (POST imagestreamimports) with the registry's credentials configured: the realm never sees
 * them, and with --allowed-registries set it is not asked at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importerExtension } from '../../../src/importer/index.js';
import { createCredentialStore } from '../../../src/registry/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { startHostileServer, tinyManifest, type HostileServer } from '../../support/registry/index.js';

const manifest = tinyManifest();
let server: RunningServer | undefined;
let dir: string | undefined;
const hostile: HostileServer[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  await Promise.all(hostile.splice(0).map((s) => s.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function realmAndRegistry(): Promise<{ realm: HostileServer; registry: HostileServer }> {
  const realm = await startHostileServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"token":"realm-token"}');
  });
  const registry = await startHostileServer((req, res) => {
    if (req.headers.authorization !== 'Bearer realm-token') {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://localhost:${realm.port}/token"` });
      return void res.end();
    }
    if (req.url === '/v2/') return void res.end('{}');
    if (req.url?.includes('/blobs/')) return void res.end('{}'); // the config blob
    res.writeHead(200, { 'content-type': manifest.mediaType, 'docker-content-digest': manifest.digest });
    res.end(req.method === 'HEAD' ? undefined : manifest.bytes);
  });
  hostile.push(realm, registry);
  return { realm, registry };
}

async function serve(registryHost: string, allowed?: string[]): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'hostile-realm-'));
  const credentials = createCredentialStore({ [registryHost]: { username: 'u', password: 'realm-secret' } });
  server = await startServer({
    listen: '127.0.0.1:0',
    dataDir: dir,
    extensions: [
      importerExtension({
        credentials,
        controller: false,
        ...(allowed ? { allowedRegistries: allowed } : {}),
      }),
    ],
  });
}

async function importImage(from: string) {
  const res = await fetch(`${server?.url}/apis/image.openshift.io/v1/namespaces/default/imagestreamimports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'app' },
      spec: {
        import: false,
        images: [{ from: { kind: 'DockerImage', name: from }, importPolicy: { insecure: true } }],
      },
    }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as {
    status: { images: { status: { status: string; reason?: string; message?: string } }[] };
  };
  return body.status.images[0]?.status;
}

describe('a token realm on another host, through the API server', () => {
  it('gets no credentials; the public image imports with an anonymous token', async () => {
    const { realm, registry } = await realmAndRegistry();
    await serve(registry.host);
    const status = await importImage(`${registry.host}/team/app:v1`);
    expect(status?.status).toBe('Success');
    expect(realm.requests.length).toBeGreaterThan(0);
    expect(realm.requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('is not asked at all when --allowed-registries does not allow it', async () => {
    const { realm, registry } = await realmAndRegistry();
    await serve(registry.host, [registry.host]);
    const status = await importImage(`${registry.host}/team/app:v1`);
    expect(status?.reason).toBe('Forbidden');
    expect(status?.message).toContain(`localhost:${realm.port}`);
    expect(realm.requests).toHaveLength(0);
  });
});
