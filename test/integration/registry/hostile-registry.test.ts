/**
 * Hostile registries, token realms and storage written in the test (node servers on 127.0.0.1)
 * against the real registry client: a realm on another host gets no credentials, a plain-HTTP
 * realm or a realm outside the allow-list is never asked, redirects go without credentials and
 * never downgrade to HTTP, link-local and metadata addresses are refused before a connection
 * (by a resolver mapping test names to them: no traffic leaves loopback), a trickled manifest
 * ends at the deadline, and endless or oversized tag pages stop at their bounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LookupAddress } from 'node:dns';
import type { ServerResponse } from 'node:http';
import { lookup } from 'node:dns';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryAllowList } from '../../../src/importer/allowed-registries.js';
import {
  createCredentialStore,
  createRegistryClient,
  RegistryError,
  type RegistryClient,
  type RegistryClientOptions,
} from '../../../src/registry/index.js';
import type { ResolveAll } from '../../../src/net/egress-guard.js';
import {
  makeSelfSignedCert,
  startHostileServer,
  tinyManifest,
  type HostileHandler,
  type HostileServer,
  type TestCertificate,
} from '../../support/registry/index.js';

const manifest = tinyManifest();
const PASSWORD = 'hostile-test-password';
const servers: HostileServer[] = [];
const clients: RegistryClient[] = [];
let certDir: string;
let cert: TestCertificate;

/** `*.test` names go where the test says; everything else through the system resolver. */
function resolver(names: Record<string, string>, asked: string[] = []): ResolveAll {
  return (hostname, options, cb) => {
    asked.push(hostname);
    const address = names[hostname];
    if (address) return cb(null, [{ address, family: address.includes(':') ? 6 : 4 } as LookupAddress]);
    lookup(hostname, options, cb);
  };
}

const LOCAL = { localhost: '127.0.0.1' };

async function serve(handler: HostileHandler, tls = false): Promise<HostileServer> {
  const s = await startHostileServer(handler, tls ? cert : undefined);
  servers.push(s);
  return s;
}

function client(options: RegistryClientOptions = {}): RegistryClient {
  const c = createRegistryClient({
    retry: { maxAttempts: 1 },
    egress: { resolve: resolver(LOCAL) },
    extraCaCerts: [cert.certPem],
    ...options,
  });
  clients.push(c);
  return c;
}

function credentialsFor(host: string) {
  return createCredentialStore({ [host]: { username: 'tester', password: PASSWORD } });
}

async function rejection(p: Promise<unknown>): Promise<RegistryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

function sendManifest(req: { method?: string }, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': manifest.mediaType,
    'docker-content-digest': manifest.digest,
    'content-length': manifest.bytes.length,
  });
  res.end(req.method === 'HEAD' ? undefined : manifest.bytes);
}

/** A registry asking for a Bearer token from `realm()`; it accepts the token the realm hands out. */
function bearerRegistry(realm: () => string): HostileHandler {
  return (req, res) => {
    if (req.headers.authorization !== 'Bearer hostile-token') {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm()}",service="hostile"` });
      return res.end();
    }
    if (req.url === '/v2/') return res.end('{}');
    sendManifest(req, res);
  };
}

const realmHandler: HostileHandler = (_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ token: 'hostile-token', expires_in: 300 }));
};

beforeAll(() => {
  certDir = mkdtempSync(join(tmpdir(), 'hostile-registry-'));
  cert = makeSelfSignedCert(certDir, 'hostile', '127.0.0.1');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

describe('token realms', () => {
  it('a realm on another host gets no credentials; the image still resolves with an anonymous token', async () => {
    const realm = await serve(realmHandler);
    const reg = await serve(bearerRegistry(() => `http://localhost:${realm.port}/token`));
    const c = client({ credentials: credentialsFor(reg.host) });
    const head = await c.headManifest({ registry: reg.host, repository: 'team/app' }, 'v1', {
      insecure: true,
    });
    expect(head.digest).toBe(manifest.digest);
    expect(realm.requests.length).toBeGreaterThan(0);
    expect(realm.requests.map((r) => r.authorization)).toEqual(realm.requests.map(() => undefined));
  });

  it("a realm on the registry's own host, or a configured trusted realm, gets the credentials", async () => {
    const realm = await serve(realmHandler);
    const sameHost = await serve(bearerRegistry(() => `http://127.0.0.1:${realm.port}/token`));
    await client({ credentials: credentialsFor(sameHost.host) }).headManifest(
      { registry: sameHost.host, repository: 'team/app' },
      'v1',
      { insecure: true },
    );
    const foreign = await serve(bearerRegistry(() => `http://localhost:${realm.port}/token`));
    await client({
      credentials: credentialsFor(foreign.host),
      trustedTokenRealms: [`${foreign.host}=localhost:${realm.port}`],
    }).headManifest({ registry: foreign.host, repository: 'team/app' }, 'v1', { insecure: true });
    const basic = `Basic ${Buffer.from(`tester:${PASSWORD}`).toString('base64')}`;
    expect(realm.requests.map((r) => r.authorization)).toEqual([basic, basic]);
  });

  it('a verified HTTPS registry naming a plain-HTTP realm is refused before the realm is asked', async () => {
    const realm = await serve(realmHandler);
    const reg = await serve(
      bearerRegistry(() => `http://127.0.0.1:${realm.port}/token`),
      true,
    );
    const err = await rejection(
      client({ credentials: credentialsFor(reg.host) }).headManifest(
        { registry: reg.host, repository: 'a' },
        'v1',
      ),
    );
    expect(err.kind).toBe('Blocked');
    expect(err.message).toContain('plain-HTTP token realm');
    expect(realm.requests).toHaveLength(0);
  });

  it('a foreign realm outside --allowed-registries is never asked', async () => {
    const realm = await serve(realmHandler);
    const reg = await serve(bearerRegistry(() => `http://localhost:${realm.port}/token`));
    const allowList = createRegistryAllowList([reg.host]);
    const err = await rejection(
      client({
        credentials: credentialsFor(reg.host),
        realmAllowed: (h) => allowList.allows(h),
      }).headManifest({ registry: reg.host, repository: 'a' }, 'v1', { insecure: true }),
    );
    expect(err.kind).toBe('Blocked');
    expect(realm.requests).toHaveLength(0);
  });
});

/** A Basic-auth registry whose manifests are redirected to `location()`. */
function redirectingRegistry(location: () => string): HostileHandler {
  return (req, res) => {
    if (!req.headers.authorization?.startsWith('Basic ')) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"' });
      return res.end();
    }
    if (req.url === '/v2/') return res.end('{}');
    res.writeHead(307, { location: location() });
    res.end();
  };
}

describe('redirects', () => {
  it('a manifest redirect to another host is followed without the credentials', async () => {
    const storage = await serve((req, res) => sendManifest(req, res));
    const reg = await serve(redirectingRegistry(() => `http://localhost:${storage.port}/blobs/m`));
    const got = await client({ credentials: credentialsFor(reg.host) }).getManifest(
      { registry: reg.host, repository: 'team/app' },
      'v1',
      { insecure: true },
    );
    expect(got.digest).toBe(manifest.digest);
    expect(reg.requests.some((r) => r.authorization?.startsWith('Basic '))).toBe(true);
    expect(storage.requests).toHaveLength(1);
    expect(storage.requests[0]?.authorization).toBeUndefined();
  });

  it('a verified HTTPS registry redirecting to plain HTTP is refused', async () => {
    const storage = await serve((req, res) => sendManifest(req, res));
    const reg = await serve(
      redirectingRegistry(() => `http://127.0.0.1:${storage.port}/blobs/m`),
      true,
    );
    const err = await rejection(
      client({ credentials: credentialsFor(reg.host) }).getManifest(
        { registry: reg.host, repository: 'a' },
        'v1',
      ),
    );
    expect(err.kind).toBe('Blocked');
    expect(storage.requests).toHaveLength(0);
  });

  it('a redirect to the metadata address is refused before connecting', async () => {
    const reg = await serve(redirectingRegistry(() => 'http://169.254.169.254/latest/meta-data/'));
    const err = await rejection(
      client({ credentials: credentialsFor(reg.host) }).getManifest(
        { registry: reg.host, repository: 'a' },
        'v1',
        {
          insecure: true,
        },
      ),
    );
    expect(err.kind).toBe('Blocked');
    expect(err.message).not.toContain(PASSWORD);
  });
});

describe('link-local and metadata addresses', () => {
  it('a registry whose name resolves to 169.254.169.254 is refused at connect time', async () => {
    const asked: string[] = [];
    const c = client({ egress: { resolve: resolver({ 'imds.test': '169.254.169.254' }, asked) } });
    const err = await rejection(
      c.headManifest({ registry: 'imds.test:5000', repository: 'a' }, 'v1', { insecure: true }),
    );
    expect(err.kind).toBe('Blocked');
    expect(asked).toContain('imds.test');
  });

  it("a token realm resolving to AWS's IPv6 metadata address is refused", async () => {
    const reg = await serve(bearerRegistry(() => 'http://realm.test:8080/token'));
    const c = client({ egress: { resolve: resolver({ 'realm.test': 'fd00:ec2::254' }) } });
    const err = await rejection(
      c.headManifest({ registry: reg.host, repository: 'a' }, 'v1', { insecure: true }),
    );
    expect(err.kind).toBe('Blocked');
  });
});

describe('bounds', () => {
  it('a manifest trickled at 1 byte/s ends at the request deadline', async () => {
    const reg = await serve((req, res) => {
      if (req.url === '/v2/') return res.end('{}');
      if (req.method === 'HEAD') return sendManifest(req, res);
      res.writeHead(200, { 'content-type': manifest.mediaType, 'content-length': manifest.bytes.length });
      let at = 0;
      const timer = setInterval(() => {
        res.write(manifest.bytes.subarray(at, ++at));
      }, 1000);
      res.on('close', () => clearInterval(timer));
    });
    const c = client({ requestTimeoutMs: 1000, retry: { maxAttempts: 4 } });
    const started = Date.now();
    const err = await rejection(
      c.getManifest({ registry: reg.host, repository: 'a' }, 'v1', { insecure: true }),
    );
    expect(err.kind).toBe('Timeout');
    // bounded by the deadline, retries included: without it this took minutes
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect.poll(() => reg.open()).toBe(0);
  });

  function endlessTags(tagsPerPage: number, maxPages = 20): HostileHandler {
    let page = 0;
    return (req, res) => {
      if (req.url === '/v2/') return res.end('{}');
      page++;
      const tags = Array.from({ length: tagsPerPage }, (_, i) => `p${page}-${i}`);
      // endless in spirit; bounded here so the test also ends on a client without the bound
      if (page < maxPages) res.setHeader('link', `</v2/a/tags/list?n=1000&last=p${page}>; rel="next"`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: 'a', tags }));
    };
  }

  it('endless pages of 100,000 tags stop at the listed-tags bound after one page', async () => {
    const reg = await serve(endlessTags(100_000));
    const tags = await client().listTags({ registry: reg.host, repository: 'a' }, { insecure: true });
    expect(tags).toHaveLength(10_000);
    expect(reg.requests.filter((r) => r.path.includes('/tags/list'))).toHaveLength(1);
  });

  it('--max-listed-tags decides how many pages are read', async () => {
    const reg = await serve(endlessTags(1000));
    const tags = await client({ maxListedTags: 2500 }).listTags(
      { registry: reg.host, repository: 'a' },
      { insecure: true },
    );
    expect(tags).toHaveLength(2500);
    expect(reg.requests.filter((r) => r.path.includes('/tags/list'))).toHaveLength(3);
  });

  it('a tag page above the byte cap is refused while it is read', async () => {
    const reg = await serve((req, res) => {
      if (req.url === '/v2/') return res.end('{}');
      res.setHeader('content-type', 'application/json');
      // chunked, no Content-Length: the cap must hold while reading
      res.write('{"name":"a","tags":[');
      for (let i = 0; i < 6; i++) res.write(`"${'x'.repeat(1024 * 1024)}",`);
      res.end('"y"]}');
    });
    const err = await rejection(
      client().listTags({ registry: reg.host, repository: 'a' }, { insecure: true }),
    );
    expect(err.kind).toBe('BadResponse');
    expect(err.message).toContain('larger than allowed');
  });
});
