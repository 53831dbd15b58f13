/**
 * Authentication against real registries: htpasswd (Basic) and token auth behind the test token
 * issuer, with right, wrong and stale credentials, token scopes and caching, and secrets kept
 * out of every error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRegistryClient,
  parseDockerConfig,
  RegistryError,
  type RegistryClient,
} from '../../../src/registry/index.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';

const insecure = { insecure: true };
const clients: RegistryClient[] = [];

function clientFor(
  reg: TestRegistry,
  username?: string,
  password?: string,
  now?: () => number,
): RegistryClient {
  const auths: Record<string, { auth: string }> = {};
  if (username !== undefined) {
    auths[`http://${reg.host}/v2/`] = {
      auth: Buffer.from(`${username}:${password ?? ''}`).toString('base64'),
    };
  }
  const c = createRegistryClient({
    credentials: parseDockerConfig(JSON.stringify({ auths })),
    retry: { maxAttempts: 2 },
    sleep: async () => {},
    ...(now ? { now } : {}),
  });
  clients.push(c);
  return c;
}

async function rejection(p: Promise<unknown>): Promise<RegistryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

/** Everything an error exposes: message, stack, own fields and its causes. */
function everything(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, i = 0; e && i < 6; i++) {
    parts.push(String(e), (e as Error).stack ?? '', JSON.stringify(e));
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

describe('htpasswd (Basic) registry', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'htpasswd' });
    await pushImage(reg, 'private/app', 'v1');
  });
  afterAll(() => reg?.stop());

  it('the right credentials from a docker config read the manifest', async () => {
    const c = clientFor(reg, reg.username, reg.password);
    const m = await c.getManifest({ registry: reg.host, repository: 'private/app' }, 'v1', insecure);
    expect(m.manifest.kind).toBe('image');
  });

  it('wrong credentials are Unauthorized, after one anonymous retry, and the password never shows', async () => {
    const secret = 'wrong-S3cret-value';
    const c = clientFor(reg, reg.username, secret);
    const err = await rejection(
      c.headManifest({ registry: reg.host, repository: 'private/app' }, 'v1', insecure),
    );
    expect(err.kind).toBe('Unauthorized');
    expect(err.message).toContain('you may not have access to the container image');
    expect(err.message).toContain(`${reg.host}/private/app:v1`);
    // one HEAD with the credentials, one anonymous
    expect(c.stats().byKind.manifestHead).toBe(2);
    const all = everything(err);
    expect(all).not.toContain(secret);
    expect(all).not.toContain(Buffer.from(`${reg.username}:${secret}`).toString('base64'));
  });

  it('no credentials at all are Unauthorized', async () => {
    const c = clientFor(reg);
    const err = await rejection(c.listTags({ registry: reg.host, repository: 'private/app' }, insecure));
    expect(err.kind).toBe('Unauthorized');
  });
});

describe('open registry with stale credentials', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'none' });
    await pushImage(reg, 'library/public', 'latest');
  });
  afterAll(() => reg?.stop());

  it('imports public images even when the stored credentials are wrong', async () => {
    const c = clientFor(reg, 'someone', 'stale-password');
    const head = await c.headManifest(
      { registry: reg.host, repository: 'library/public' },
      'latest',
      insecure,
    );
    expect(head.digest).toMatch(/^sha256:/);
  });
});

describe('token-auth registry', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token', token: { expiresIn: 120 } });
    await pushImage(reg, 'private/app', 'v1');
    await pushImage(reg, 'private/app', 'v2');
    await pushImage(reg, 'public/base', 'latest');
  });
  afterAll(() => reg?.stop());

  it('fetches one pull-scoped token with the credentials and reuses it from the cache', async () => {
    const c = clientFor(reg, reg.username, reg.password);
    const before = reg.issuer!.requests.length;
    const r = { registry: reg.host, repository: 'private/app' };
    await c.headManifest(r, 'v1', insecure);
    await c.headManifest(r, 'v2', insecure);
    const m = await c.getManifest(r, 'v1', insecure);
    if (m.manifest.kind !== 'image') throw new Error('expected an image');
    await c.getImageConfig(r, m.manifest, insecure);
    expect(await c.listTags(r, insecure)).toEqual(expect.arrayContaining(['v1', 'v2']));
    const issued = reg.issuer!.requests.slice(before);
    expect(issued).toEqual([{ user: reg.username, scopes: ['repository:private/app:pull'], status: 200 }]);
    expect(c.stats().byKind.token).toBe(1);
  });

  it('concurrent requests on a fresh client share one ping and one token request', async () => {
    const c = clientFor(reg, reg.username, reg.password);
    const r = { registry: reg.host, repository: 'private/app' };
    const heads = await Promise.all(
      ['v1', 'v2', 'v1', 'v2', 'v1'].map((t) => c.headManifest(r, t, insecure)),
    );
    expect(new Set(heads.map((h) => h.digest)).size).toBe(2);
    expect(c.stats().byKind.token).toBe(1);
    expect(c.stats().byKind.ping).toBe(2); // HTTPS refused, then plain HTTP
  });

  it('asks for a new token once the cached one has expired', async () => {
    let now = Date.now();
    const c = clientFor(reg, reg.username, reg.password, () => now);
    const r = { registry: reg.host, repository: 'private/app' };
    await c.headManifest(r, 'v1', insecure);
    await c.headManifest(r, 'v1', insecure);
    expect(c.stats().byKind.token).toBe(1);
    now += 115_000; // past expires_in (120 s) minus the safety margin
    await c.headManifest(r, 'v1', insecure);
    expect(c.stats().byKind.token).toBe(2);
  });

  it('one token per repository scope', async () => {
    const c = clientFor(reg, reg.username, reg.password);
    await c.headManifest({ registry: reg.host, repository: 'private/app' }, 'v1', insecure);
    await c.headManifest({ registry: reg.host, repository: 'public/base' }, 'latest', insecure);
    const scopes = reg.issuer!.requests.slice(-2).map((r) => r.scopes);
    expect(scopes).toEqual([['repository:private/app:pull'], ['repository:public/base:pull']]);
  });

  it('anonymous pulls work where the token service allows them', async () => {
    const c = clientFor(reg);
    const head = await c.headManifest({ registry: reg.host, repository: 'public/base' }, 'latest', insecure);
    expect(head.digest).toMatch(/^sha256:/);
    expect(reg.issuer!.requests.at(-1)).toMatchObject({ user: undefined, status: 200 });
  });

  it('wrong credentials fall back to anonymous once: public images still import', async () => {
    const c = clientFor(reg, reg.username, 'not-the-password');
    const head = await c.headManifest({ registry: reg.host, repository: 'public/base' }, 'latest', insecure);
    expect(head.digest).toMatch(/^sha256:/);
    const last = reg.issuer!.requests.slice(-2);
    expect(last.map((r) => [r.user, r.status])).toEqual([
      [reg.username, 401],
      [undefined, 200],
    ]);
  });

  it('wrong credentials on a private repository are Unauthorized and leak nothing', async () => {
    const secret = 'n0t-the-Passw0rd';
    const c = clientFor(reg, reg.username, secret);
    const err = await rejection(
      c.getManifest({ registry: reg.host, repository: 'private/app' }, 'v1', insecure),
    );
    expect(err.kind).toBe('Unauthorized');
    expect(err.message).toContain('you may not have access to the container image');
    expect(everything(err)).not.toContain(secret);
  });

  it('a valid token is never part of an error', async () => {
    const c = clientFor(reg, reg.username, reg.password);
    const err = await rejection(
      c.getManifest({ registry: reg.host, repository: 'private/app' }, 'missing', insecure),
    );
    expect(err.kind).toBe('NotFound');
    const text = everything(err);
    expect(text).not.toContain(reg.password!);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no JWT
  });
});

describe('token service answering only access_token', () => {
  it('accepts the OAuth2 field name', async () => {
    const reg = await startRegistry({ auth: 'token', token: { tokenField: 'access_token' } });
    try {
      await pushImage(reg, 'private/app', 'v1');
      const c = clientFor(reg, reg.username, reg.password);
      const head = await c.headManifest({ registry: reg.host, repository: 'private/app' }, 'v1', insecure);
      expect(head.digest).toMatch(/^sha256:/);
    } finally {
      await reg.stop();
    }
  });
});

describe('blob redirects to storage', () => {
  it('follows the redirect for the config blob without sending the registry credentials along', async () => {
    const { createServer } = await import('node:http');
    const { startFaultProxy } = await import('../../support/registry/index.js');
    const reg = await startRegistry({ auth: 'htpasswd' });
    const config = { architecture: 'amd64', os: 'linux', config: { Env: ['FROM=storage'] } };
    const configBytes = Buffer.from(JSON.stringify(config));
    const seen: Array<string | undefined> = [];
    const storage = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(configBytes);
    });
    await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
    const proxy = await startFaultProxy(reg.url);
    try {
      const img = await pushImage(reg, 'private/redirect', 'v1', { config });
      const port = (storage.address() as { port: number }).port;
      proxy.inject({
        fault: { type: 'redirect', location: `http://127.0.0.1:${port}/bucket/blob?signature=abc` },
        match: { path: /\/blobs\// },
      });
      const c = createRegistryClient({
        credentials: { get: () => ({ username: reg.username!, password: reg.password! }) },
      });
      clients.push(c);
      const r = { registry: proxy.host, repository: 'private/redirect' };
      const cfg = await c.getImageConfig(
        r,
        {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          digest: img.configDigest,
          size: configBytes.length,
        },
        insecure,
      );
      expect(cfg.config.Env).toEqual(['FROM=storage']);
      expect(seen).toEqual([undefined]);
      expect(proxy.requests.find((q) => q.fault === 'redirect')?.authorization).toBe(true);
    } finally {
      await proxy.stop();
      await new Promise<void>((r) => storage.close(() => r()));
      await reg.stop();
    }
  });
});
