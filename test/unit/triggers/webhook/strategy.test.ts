import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { resolveSecret } from '../../../../src/triggers/webhook/secrets.js';
import { webhookTriggerStrategy as s } from '../../../../src/triggers/webhook/strategy.js';

const input = (spec: object, status?: object) => ({
  apiVersion: 'imagestreams.io/v1',
  kind: 'WebhookTrigger',
  metadata: { name: 'deploy', namespace: 'team' },
  spec: { from: { kind: 'ImageStreamTag', name: 'web:latest' }, url: 'https://ci.example.com/h', ...spec },
  ...(status ? { status } : {}),
});

function causes(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return (e.details?.causes ?? []).map((c) => c.field ?? '');
    throw e;
  }
  return [];
}

describe('webhookTriggerStrategy', () => {
  it('drops a status sent on create: the controller owns it', () => {
    const o = s.prepareForCreate(s.decode(input({}, { lastDigest: 'sha256:1' })));
    expect(o.status).toBeUndefined();
    expect(o.metadata.generation).toBe(1);
  });

  it('keeps the stored status on a spec update and bumps the generation', () => {
    const old = {
      ...s.decode(input({})),
      status: { lastDigest: 'sha256:1' },
      metadata: { name: 'deploy', generation: 1 },
    };
    const next = s.prepareForUpdate(s.decode(input({ paused: true }, { lastDigest: 'forged' })), old);
    expect(next.status).toEqual({ lastDigest: 'sha256:1' });
    expect(next.metadata.generation).toBe(2);
  });

  it('rejects an inline secret, a reference outside the prefix, a name without a tag and a non-http URL', () => {
    expect(causes(() => s.decode(input({ secret: 'x' })))).toContain('spec');
    expect(causes(() => s.decode(input({ secretRef: { env: 'HOME' } })))).toContain('spec.secretRef.env');
    expect(causes(() => s.decode(input({ from: { kind: 'ImageStreamTag', name: 'web' } })))).toContain(
      'spec.from.name',
    );
    expect(causes(() => s.decode(input({ url: 'file:///etc/passwd' })))).toContain('spec.url');
  });
});

describe('resolveSecret', () => {
  it('reads the named variable and names a missing one without any value', () => {
    expect(
      resolveSecret({ env: 'IMAGESTREAMS_WEBHOOK_SECRET_A' }, { IMAGESTREAMS_WEBHOOK_SECRET_A: 'v' }),
    ).toEqual({ ok: true, value: 'v' });
    const missing = resolveSecret({ env: 'IMAGESTREAMS_WEBHOOK_SECRET_B' }, {});
    expect(missing.ok).toBe(false);
    expect(resolveSecret(undefined, {})).toEqual({ ok: true, value: undefined });
  });
});
