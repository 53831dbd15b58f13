import Fastify, { LogController } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  installRequestLog,
  redactQuery,
  redactUrl,
} from '../../../../src/server/observability/request-log.js';

describe('request log', () => {
  it('redacts every query value and keeps the path and parameter names', () => {
    expect(redactQuery('/notifications/dockerhub?token=s3cret&x=1')).toBe(
      '/notifications/dockerhub?token=[redacted]&x=[redacted]',
    );
    expect(redactQuery('/apis/image.openshift.io/v1')).toBe('/apis/image.openshift.io/v1');
  });

  it('takes the secret out of a build webhook path', () => {
    expect(
      redactUrl('/apis/build.openshift.io/v1/namespaces/a/buildconfigs/app/webhooks/s3cret/github?x=1'),
    ).toBe(
      '/apis/build.openshift.io/v1/namespaces/a/buildconfigs/app/webhooks/[redacted]/github?x=[redacted]',
    );
  });

  it('writes one line per request without the secret in the URL', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = Fastify({ logController: new LogController({ disableRequestLogging: true }) });
    installRequestLog(app, log);
    app.get('/hook', async () => 'ok');
    await app.inject({ method: 'GET', url: '/hook?token=s3cret' });
    await app.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('/hook?token=[redacted]');
    expect(lines[0]).not.toContain('s3cret');
  });
});
