/**
 * The client CAs follow their sources: a changed ConfigMap or file is taken in by a refresh (the
 * watchers and the resync call the same), the authenticator's bundles with it; a content that does
 * not parse is refused and the previous one kept. The timers are not exercised here (no sleeping):
 * test/integration/server/aggregated-ca-reload.test.ts follows the files and the ConfigMap end to end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { followClientCas } from '../../../../../src/server/auth/delegated/client-ca-source.js';
import { createRootLogger } from '../../../../../src/observability/logger.js';
import { makeCa } from '../../../../support/pki.js';

const dir = mkdtempSync(path.join(tmpdir(), 'client-ca-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const proxy1 = makeCa(dir, 'proxy-1').certPem;
const proxy2 = makeCa(dir, 'proxy-2').certPem;
const client1 = makeCa(dir, 'client-1').certPem;
const log = createRootLogger({ write: () => undefined });
const HOUR = 3_600_000;

describe('the client CAs', () => {
  it('take in a changed ConfigMap on refresh, and tell the listeners', async () => {
    let data: Record<string, string> = { 'requestheader-client-ca-file': proxy1, 'client-ca-file': client1 };
    const cas = await followClientCas({}, () => Promise.resolve(data), { log, resyncMs: HOUR });
    let told = 0;
    cas.onChange(() => told++);
    expect(await cas.refresh()).toBe(false);
    data = {
      ...data,
      'requestheader-client-ca-file': proxy2,
      'requestheader-allowed-names': '["front-proxy"]',
    };
    expect(await cas.refresh()).toBe(true);
    expect(cas.current().requestHeader).toMatchObject({ caPem: proxy2, allowedNames: ['front-proxy'] });
    expect(cas.current().clientCaPem).toBe(client1);
    expect(told).toBe(1);
    cas.stop();
  });

  it('keep the previous content when the new one does not parse, and take the next good one', async () => {
    const file = path.join(dir, 'client-ca.crt');
    writeFileSync(file, client1);
    const cas = await followClientCas(
      { clientCaFile: file, requestheaderClientCaFile: file },
      () => Promise.reject(new Error('not read: both come from files')),
      { log, resyncMs: HOUR },
    );
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n');
    await expect(cas.refresh()).rejects.toThrow(
      /the request-header client CA .* certificate 1 cannot be parsed/,
    );
    expect(cas.current().clientCaPem).toBe(client1);
    writeFileSync(file, proxy2);
    expect(await cas.refresh()).toBe(true);
    expect(cas.current().clientCaPem).toBe(proxy2);
    cas.stop();
  });

  it('refuse to start on a content that does not parse', async () => {
    await expect(
      followClientCas({}, () => Promise.resolve({ 'client-ca-file': 'no certificate here' }), { log }),
    ).rejects.toThrow(/the client CA \(--client-ca-file\) holds no PEM certificate/);
  });
});
