import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOptions, endpointUrls, parseEtcdStoreUrl } from '../../../../src/store/etcd/etcd-client.js';

describe('etcd connection settings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etcd-client-test-'));
    await writeFile(join(dir, 'ca.pem'), 'CA PEM');
    await writeFile(join(dir, 'cert.pem'), 'CERT PEM');
    await writeFile(join(dir, 'key.pem'), 'KEY PEM');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('turns HOST:PORT into http URLs, and into https ones when TLS is configured', () => {
    expect(endpointUrls(['127.0.0.1:2379', 'http://h:1'], undefined)).toEqual([
      'http://127.0.0.1:2379',
      'http://h:1',
    ]);
    expect(endpointUrls(['h:1', 'http://h:2'], { caFile: 'x' })).toEqual(['https://h:1', 'https://h:2']);
    expect(endpointUrls(['[::1]:2379'], undefined)).toEqual(['http://[::1]:2379']);
  });

  it('rejects an endpoint that is not HOST:PORT with 400', () => {
    expect(() => endpointUrls(['nohost'], undefined)).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => endpointUrls(['h:1/path'], undefined)).toThrow(expect.objectContaining({ code: 400 }));
  });

  it('parses etcd:// store URLs with several endpoints, a prefix and TLS files', () => {
    expect(parseEtcdStoreUrl('etcd://127.0.0.1:2379')).toEqual({ endpoints: ['127.0.0.1:2379'] });
    expect(parseEtcdStoreUrl('etcd://a:1,b:2,c:3/my/prefix?ca=/ca.pem&cert=/c.pem&key=/k.pem')).toEqual({
      endpoints: ['a:1', 'b:2', 'c:3'],
      prefix: '/my/prefix',
      tls: { caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' },
    });
    expect(() => parseEtcdStoreUrl('sqlite:///x.db')).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => parseEtcdStoreUrl('etcd://nohost')).toThrow(expect.objectContaining({ code: 400 }));
  });

  it('loads the CA, client certificate and key into the grpc credentials', () => {
    const options = clientOptions({
      endpoints: ['h:1'],
      tls: { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') },
    });
    expect(options.hosts).toEqual(['https://h:1']);
    expect(options.credentials?.rootCertificate.toString()).toBe('CA PEM');
    expect(options.credentials?.certChain?.toString()).toBe('CERT PEM');
    expect(options.credentials?.privateKey?.toString()).toBe('KEY PEM');
    expect(clientOptions({ endpoints: ['h:1'] }).credentials).toBeUndefined();
  });

  it('says which TLS file is missing or unpaired, as a configuration error', () => {
    expect(() => clientOptions({ endpoints: ['h:1'], tls: { caFile: join(dir, 'nope.pem') } })).toThrow(
      /cannot read the etcd CA file .*nope\.pem \(configuration error\)/,
    );
    expect(() => clientOptions({ endpoints: ['h:1'], tls: { certFile: join(dir, 'cert.pem') } })).toThrow(
      /both a client certificate and its key/,
    );
  });

  it('puts a deadline on unary calls only', () => {
    const factory = clientOptions({ endpoints: ['h:1'], callTimeoutMs: 1234 }).defaultCallOptions;
    if (typeof factory !== 'function') throw new Error('expected a factory');
    const before = Date.now();
    const unary = factory({ service: 'KV', method: 'range', isStream: false, params: {} });
    expect(Number(unary.deadline) - before).toBeGreaterThanOrEqual(1234);
    expect(factory({ service: 'Watch', method: 'watch', isStream: true })).toEqual({});
  });
});
