import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../../src/notifications/inbound/push-event.js';
import { notificationRoutes } from '../../../src/notifications/inbound/routes.js';
import { hmacSha256Signature } from '../../../src/notifications/inbound/secrets.js';
import { vendorEndpoints } from '../../../src/notifications/inbound/vendors.js';
import { metricsRegistry } from '../../../src/observability/metrics.js';
import {
  distributionEnvelope,
  distributionPush,
  dockerHubPayload,
  githubPackagePayload,
  harborPayload,
  quayPayload,
} from './fixtures.js';

const SECRETS = {
  notificationsToken: 'dist-token',
  dockerHubToken: 'hub-token',
  quaySecret: 'quay-secret',
  harborAuthorization: 'Basic aGFyYm9yOnNlY3JldA==',
  githubSecret: 'gh-secret',
};

let app: FastifyInstance;
let received: PushEvent[][] = [];

beforeAll(async () => {
  app = Fastify();
  // as the API server does: only JSON is parsed at the root
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_r, b, done) =>
    done(null, JSON.parse(b as string)),
  );
  await app.register(async (scope) =>
    notificationRoutes(scope, {
      endpoints: vendorEndpoints(SECRETS),
      handler: {
        handle: async (events) => {
          received.push(events);
          return events.map((e) => ({ namespace: 'ns', stream: 's', tag: e.tag ?? '' }));
        },
      },
    }),
  );
  await app.ready();
});
afterAll(async () => app.close());
beforeEach(() => {
  received = [];
});

const json = (body: unknown) => JSON.stringify(body);
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { 'content-type': 'application/json', ...headers },
  });

async function counter(source: string, result: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('imagestreams_notifications_received_total')?.get();
  return metric?.values.find((v) => v.labels.source === source && v.labels.result === result)?.value ?? 0;
}

describe('POST /notifications/distribution', () => {
  const body = json(distributionEnvelope([distributionPush('team/app', 'latest')]));
  const type = { 'content-type': 'application/vnd.docker.distribution.events.v1+json' };

  it('accepts the registry envelope with the configured bearer token', async () => {
    const res = await post('/notifications/distribution', body, {
      ...type,
      authorization: 'Bearer dist-token',
    });
    expect(res.statusCode).toBe(202);
    expect(received).toHaveLength(1);
    expect(received[0]?.[0]).toMatchObject({ repository: 'team/app', tag: 'latest', source: 'distribution' });
  });

  it('answers 401 without the token or with another one, and changes nothing', async () => {
    const before = await counter('distribution', 'unauthorized');
    expect((await post('/notifications/distribution', body, type)).statusCode).toBe(401);
    expect(
      (await post('/notifications/distribution', body, { ...type, authorization: 'Bearer wrong' }))
        .statusCode,
    ).toBe(401);
    expect(
      (await post('/notifications/distribution', body, { ...type, authorization: 'dist-token' })).statusCode,
    ).toBe(401);
    expect(received).toEqual([]);
    expect(await counter('distribution', 'unauthorized')).toBe(before + 3);
  });

  it('answers 400 for a body that is not JSON or not an envelope', async () => {
    const auth = { ...type, authorization: 'Bearer dist-token' };
    expect((await post('/notifications/distribution', '{not json', auth)).statusCode).toBe(400);
    const res = await post('/notifications/distribution', json({ hello: 1 }), auth);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    expect(received).toEqual([]);
  });

  it('answers 200 and queues nothing for an envelope with only pulls', async () => {
    const pull = json(distributionEnvelope([{ ...distributionPush('team/app', 'latest'), action: 'pull' }]));
    const res = await post('/notifications/distribution', pull, {
      ...type,
      authorization: 'Bearer dist-token',
    });
    expect(res.statusCode).toBe(200);
    expect(received).toEqual([]);
  });
});

describe('POST /notifications/dockerhub', () => {
  const body = json(dockerHubPayload('someone/app', 'v1'));
  it('accepts the token in the query string', async () => {
    expect((await post('/notifications/dockerhub?token=hub-token', body)).statusCode).toBe(202);
    expect(received[0]?.[0]).toMatchObject({
      registryHost: 'docker.io',
      repository: 'someone/app',
      tag: 'v1',
    });
  });
  it('rejects a missing or wrong token', async () => {
    expect((await post('/notifications/dockerhub', body)).statusCode).toBe(401);
    expect((await post('/notifications/dockerhub?token=hub-tokeN', body)).statusCode).toBe(401);
    expect(received).toEqual([]);
  });
  it('rejects a malformed payload', async () => {
    expect((await post('/notifications/dockerhub?token=hub-token', json({ push_data: {} }))).statusCode).toBe(
      400,
    );
  });
});

describe('POST /notifications/quay', () => {
  const body = json(quayPayload(['latest']));
  it('accepts the secret in the query or as a bearer token', async () => {
    expect((await post('/notifications/quay?token=quay-secret', body)).statusCode).toBe(202);
    expect(
      (await post('/notifications/quay', body, { authorization: 'Bearer quay-secret' })).statusCode,
    ).toBe(202);
    expect(received).toHaveLength(2);
  });
  it('rejects an unsigned or malformed notification', async () => {
    expect((await post('/notifications/quay', body)).statusCode).toBe(401);
    expect((await post('/notifications/quay?token=quay-secret', json({ repository: 1 }))).statusCode).toBe(
      400,
    );
    expect(received).toEqual([]);
  });
});

describe('POST /notifications/harbor', () => {
  const body = json(harborPayload());
  it('accepts the configured Authorization header value', async () => {
    expect(
      (await post('/notifications/harbor', body, { authorization: SECRETS.harborAuthorization })).statusCode,
    ).toBe(202);
    expect(received[0]?.[0]).toMatchObject({
      registryHost: 'harbor.example.com',
      repository: 'library/app',
      tag: 'v1',
    });
  });
  it('rejects another header value and malformed payloads', async () => {
    expect(
      (await post('/notifications/harbor', body, { authorization: 'Basic Zm9vOmJhcg==' })).statusCode,
    ).toBe(401);
    expect(
      (await post('/notifications/harbor', json([]), { authorization: SECRETS.harborAuthorization }))
        .statusCode,
    ).toBe(400);
    expect(received).toEqual([]);
  });
});

describe('POST /notifications/github', () => {
  const body = json(githubPackagePayload());
  const signed = (raw: string, secret = 'gh-secret') => ({
    'x-github-event': 'package',
    'x-hub-signature-256': hmacSha256Signature(secret, raw),
  });

  it('accepts a package event signed over the raw body', async () => {
    expect((await post('/notifications/github', body, signed(body))).statusCode).toBe(202);
    expect(received[0]?.[0]).toMatchObject({
      registryHost: 'ghcr.io',
      repository: 'octo-org/app',
      tag: 'v2',
    });
  });

  it('verifies the exact bytes: re-serialised JSON with the same meaning fails', async () => {
    const spaced = JSON.stringify(githubPackagePayload(), null, 2);
    expect((await post('/notifications/github', spaced, signed(body))).statusCode).toBe(401);
    expect((await post('/notifications/github', spaced, signed(spaced))).statusCode).toBe(202);
  });

  it('rejects unsigned events and events signed with another secret', async () => {
    expect((await post('/notifications/github', body, { 'x-github-event': 'package' })).statusCode).toBe(401);
    expect((await post('/notifications/github', body, signed(body, 'other'))).statusCode).toBe(401);
    expect(received).toEqual([]);
  });

  it('answers a signed ping with 200 and a signed malformed package event with 400', async () => {
    const ping = json({ zen: 'Keep it simple.', hook_id: 1 });
    expect(
      (await post('/notifications/github', ping, { ...signed(ping), 'x-github-event': 'ping' })).statusCode,
    ).toBe(200);
    const bad = json({ package: {} });
    expect((await post('/notifications/github', bad, signed(bad))).statusCode).toBe(400);
    expect(received).toEqual([]);
  });
});

describe('unconfigured vendors', () => {
  it('have no endpoint at all', async () => {
    const bare = Fastify();
    await bare.register(async (scope) =>
      notificationRoutes(scope, {
        endpoints: vendorEndpoints({ notificationsToken: 't' }),
        handler: { handle: async () => [] },
      }),
    );
    expect(
      (await bare.inject({ method: 'POST', url: '/notifications/dockerhub', payload: '{}' })).statusCode,
    ).toBe(404);
    expect(
      (
        await bare.inject({
          method: 'POST',
          url: '/notifications/distribution',
          payload: '{}',
          headers: { authorization: 'Bearer t' },
        })
      ).statusCode,
    ).toBe(400);
    await bare.close();
  });
});

describe('a failing push handler', () => {
  it('answers 500 so that the registry retries', async () => {
    const failing = Fastify();
    await failing.register(async (scope) =>
      notificationRoutes(scope, {
        endpoints: vendorEndpoints({ notificationsToken: 't' }),
        handler: {
          handle: async () => {
            throw new Error('store down');
          },
        },
      }),
    );
    const res = await failing.inject({
      method: 'POST',
      url: '/notifications/distribution',
      payload: json(distributionEnvelope([distributionPush('a/b', 'c')])),
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('store down');
    await failing.close();
  });
});
