import { describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../../../../src/api/status-error.js';
import { secretStrategy } from '../../../../src/server/resources/secrets/secret-strategy.js';
import {
  LAST_APPLIED_ANNOTATION,
  REDACTED_VALUE,
  redactSecret,
} from '../../../../src/server/resources/secrets/write-only.js';
import type { SecretObject } from '../../../../src/api/secret.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const PASSWORD = 'hunter2-very-secret';
const config = JSON.stringify({ auths: { 'r.example': { auth: b64(`u:${PASSWORD}`) } } });

function create(input: unknown): SecretObject {
  const o = secretStrategy.prepareForCreate(secretStrategy.decode(input));
  const causes = secretStrategy.validate(o);
  if (causes.length > 0) throw new Error(JSON.stringify(causes));
  return o;
}

function decodeError(input: unknown): StatusError {
  try {
    secretStrategy.decode(input);
  } catch (e) {
    if (isStatusError(e)) return e;
  }
  throw new Error('no error');
}

const pull = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'pull' },
  type: 'kubernetes.io/dockerconfigjson',
  data,
  ...extra,
});

describe('Secret strategy', () => {
  it('decodes a valid body to the same object: every field and key kept, in order', () => {
    const body = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'o', namespace: 'ns', labels: { a: 'b' }, annotations: { c: 'd' } },
      type: 'Opaque',
      data: { z: b64('1'), a: b64('2') },
      extra: { kept: true },
    };
    const decoded = secretStrategy.decode(structuredClone(body));
    expect(decoded).toEqual(body);
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(body));
  });

  it('merges stringData into data and stores no stringData', () => {
    const o = create({ ...pull({}), stringData: { '.dockerconfigjson': config } });
    expect(o.stringData).toBeUndefined();
    expect(Buffer.from(o.data?.['.dockerconfigjson'] ?? '', 'base64').toString()).toBe(config);
  });

  it('defaults the type to Opaque', () => {
    expect(create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'o' } }).type).toBe('Opaque');
  });

  it('requires a docker config that parses, naming the field and never quoting it', () => {
    const o = secretStrategy.prepareForCreate(
      secretStrategy.decode(pull({ '.dockerconfigjson': b64(`{"auths": ${PASSWORD}`) })),
    );
    const causes = secretStrategy.validate(o);
    expect(causes).toHaveLength(1);
    expect(causes[0]?.field).toBe('data[.dockerconfigjson]');
    expect(causes[0]?.message).toContain('<secret contents redacted>');
    expect(JSON.stringify(causes)).not.toContain(PASSWORD);
    const missing = secretStrategy.validate(secretStrategy.prepareForCreate(secretStrategy.decode(pull({}))));
    expect(missing).toEqual([
      { reason: 'FieldValueRequired', field: 'data[.dockerconfigjson]', message: 'Required value' },
    ]);
  });

  it('validates the legacy .dockercfg type too', () => {
    const o = secretStrategy.prepareForCreate(
      secretStrategy.decode({ ...pull({ '.dockercfg': b64('[1]') }), type: 'kubernetes.io/dockercfg' }),
    );
    expect(secretStrategy.validate(o)[0]?.field).toBe('data[.dockercfg]');
  });

  it('rejects data that is not base64 and bad keys, naming the field and never quoting the value', () => {
    const e = decodeError(pull({ '.dockerconfigjson': `not base64 ${PASSWORD}` }));
    expect(e.code).toBe(422);
    expect(JSON.stringify(e.toStatus())).not.toContain(PASSWORD);
    expect(e.toStatus().details?.causes?.[0]?.field).toBe('data[.dockerconfigjson]');
    const o = secretStrategy.prepareForCreate(
      secretStrategy.decode({ ...pull({}), type: 'Opaque', data: { 'a/b': b64('x') } }),
    );
    expect(secretStrategy.validate(o)[0]?.field).toBe('data[a/b]');
  });

  it('keeps the type immutable', () => {
    const old = create(pull({ '.dockerconfigjson': b64(config) }));
    const next = secretStrategy.prepareForUpdate(secretStrategy.decode({ ...old, type: 'Opaque' }), old);
    expect(secretStrategy.validateUpdate(next, old).map((c) => c.field)).toContain('type');
  });
});

describe('write-only data', () => {
  it('answers data keys with the values elided, and no stringData', () => {
    const stored = create({ ...pull({}), stringData: { '.dockerconfigjson': config } });
    const seen = redactSecret(stored);
    expect(seen.data).toEqual({ '.dockerconfigjson': REDACTED_VALUE });
    expect(JSON.stringify(seen)).not.toContain(b64(config));
  });

  it('keeps the stored value when an update sends the elided value back (kubectl edit)', () => {
    const stored = create(pull({ '.dockerconfigjson': b64(config) }));
    const seen = redactSecret(stored);
    const next = secretStrategy.prepareForUpdate(
      secretStrategy.decode({ ...seen, metadata: { ...seen.metadata, labels: { a: 'b' } } }),
      stored,
    );
    expect(next.data).toEqual(stored.data);
    expect(secretStrategy.validateUpdate(next, stored)).toEqual([]);
  });

  it('refuses the elided value for a key the stored Secret does not have (a copy of a read)', () => {
    const o = secretStrategy.prepareForCreate(
      secretStrategy.decode(pull({ '.dockerconfigjson': REDACTED_VALUE })),
    );
    expect(secretStrategy.validate(o).map((c) => c.field)).toContain('data[.dockerconfigjson]');
  });

  it('elides the values kubectl apply copies into its last-applied annotation, keeping the keys', () => {
    const annotation = JSON.stringify({
      ...pull({ '.dockerconfigjson': b64(config) }),
      stringData: { x: PASSWORD },
    });
    const stored = create({
      ...pull({ '.dockerconfigjson': b64(config) }),
      metadata: { name: 'p', annotations: { [LAST_APPLIED_ANNOTATION]: annotation } },
    });
    const text = stored.metadata.annotations?.[LAST_APPLIED_ANNOTATION] ?? '';
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(b64(config));
    expect(JSON.parse(text)).toMatchObject({
      data: { '.dockerconfigjson': REDACTED_VALUE },
      stringData: { x: REDACTED_VALUE },
    });
  });
});
