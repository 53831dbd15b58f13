import type { LookupAddress } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { isForbiddenAddress, isMetadataHostname } from '../../../src/net/forbidden-addresses.js';
import {
  EGRESS_REFUSED,
  guardedLookup,
  refusedHost,
  type ResolveAll,
} from '../../../src/net/egress-guard.js';
import { setDefaultEgressPolicy } from '../../../src/net/egress-policy.js';
import { httpSender } from '../../../src/notifications/outbound/http-sender.js';

function fixed(addresses: string[]): ResolveAll {
  return (_host, _opts, cb) =>
    cb(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }) as LookupAddress),
    );
}

function lookupOnce(resolve: ResolveAll, allowLinkLocal = false, all = false) {
  return new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((done) =>
    guardedLookup({ resolve, allowLinkLocal })('name.test', { all }, (err, address) =>
      done({ err, address }),
    ),
  );
}

describe('forbidden addresses', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    'fe80::1',
    'febf::ffff',
    'fd00:ec2::254',
    '[fd00:ec2::254]',
    '::ffff:169.254.169.254',
    '100.100.100.200',
  ])('%s is refused', (a) => expect(isForbiddenAddress(a)).toBe(true));

  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '169.255.0.1',
    'fec0::1',
    '::1',
    'fd00:ec2::253',
    'registry.example.com',
  ])('%s is not', (a) => expect(isForbiddenAddress(a)).toBe(false));

  it('knows the metadata host names, with or without the trailing dot', () => {
    expect(isMetadataHostname('metadata.google.internal')).toBe(true);
    expect(isMetadataHostname('METADATA.google.internal.')).toBe(true);
    expect(isMetadataHostname('google.internal')).toBe(false);
  });
});

describe('the connect-time guard', () => {
  it('refuses a name when any of its addresses is link-local', async () => {
    const { err } = await lookupOnce(fixed(['203.0.113.7', '169.254.169.254']), false, true);
    expect(err?.code).toBe(EGRESS_REFUSED);
  });

  it('passes other answers through, one or all', async () => {
    expect((await lookupOnce(fixed(['127.0.0.1']))).address).toBe('127.0.0.1');
    const all = await lookupOnce(fixed(['127.0.0.1', '::1']), false, true);
    expect(all.address).toHaveLength(2);
  });

  it('lets link-local through when explicitly allowed', async () => {
    const { err, address } = await lookupOnce(fixed(['169.254.169.254']), true);
    expect(err).toBeNull();
    expect(address).toBe('169.254.169.254');
  });

  it('refuses literal addresses and metadata names before any lookup', () => {
    expect(refusedHost('169.254.169.254', {})?.code).toBe(EGRESS_REFUSED);
    expect(refusedHost('[fe80::1]', {})?.code).toBe(EGRESS_REFUSED);
    expect(refusedHost('metadata.google.internal', {})?.code).toBe(EGRESS_REFUSED);
    expect(refusedHost('metadata.google.internal', { allowLinkLocal: true })).toBeUndefined();
    expect(refusedHost('127.0.0.1', {})).toBeUndefined();
  });
});

describe('outbound webhooks', () => {
  afterEach(() => setDefaultEgressPolicy({}));

  it('a webhook URL whose name resolves to the metadata address is refused before connecting', async () => {
    setDefaultEgressPolicy({ resolve: fixed(['169.254.169.254']) });
    const send = httpSender(2000);
    const err = await send(
      'http://hook.test:8080/events',
      { headers: { 'content-type': 'application/json' }, body: '{}' },
      new AbortController().signal,
    ).catch((e: unknown) => e);
    const codes: unknown[] = [];
    for (let e = err; e instanceof Error; e = e.cause) codes.push((e as { code?: unknown }).code);
    expect(codes).toContain(EGRESS_REFUSED);
  });
});
