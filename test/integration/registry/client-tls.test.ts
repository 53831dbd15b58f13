/**
 * A registry serving HTTPS with a self-signed certificate: refused without the insecure flag
 * (TLS is not verified), used over HTTPS (not plain HTTP) with it, over HTTP/2 so HEAD requests
 * share one connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryError } from '../../../src/registry/index.js';
import {
  pushImage,
  startRegistry,
  type PushedImage,
  type TestRegistry,
} from '../../support/registry/index.js';

let reg: TestRegistry;
let image: PushedImage;

beforeAll(async () => {
  reg = await startRegistry({ auth: 'htpasswd', tls: true });
  image = await pushImage(reg, 'secure/app', 'v1');
});
afterAll(() => reg?.stop());

function credentials() {
  return { get: () => ({ username: reg.username!, password: reg.password! }) };
}

describe('self-signed HTTPS registry', () => {
  it('without the insecure flag the unverifiable certificate is InsecureRequired', async () => {
    const c = createRegistryClient({ credentials: credentials(), retry: { maxAttempts: 1 } });
    try {
      const err = await c
        .headManifest({ registry: reg.host, repository: 'secure/app' }, 'v1')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RegistryError);
      expect((err as RegistryError).kind).toBe('InsecureRequired');
    } finally {
      await c.close();
    }
  });

  it('with the insecure flag it is used over HTTPS without verification, keeping connections', async () => {
    const c = createRegistryClient({ credentials: credentials() });
    try {
      const r = { registry: reg.host, repository: 'secure/app' };
      const head = await c.headManifest(r, 'v1', { insecure: true });
      expect(head.digest).toBe(image.digest);
      for (let i = 0; i < 5; i++) await c.headManifest(r, 'v1', { insecure: true });
      const s = c.stats();
      expect(s.byKind.ping).toBe(1); // HTTPS answered: no plain-HTTP fallback
      expect(s.byKind.manifestHead).toBe(6);
      expect(s.connections).toBe(1);
    } finally {
      await c.close();
    }
  });
});
