import { describe, expect, it } from 'vitest';
import { triggerStateStrategy } from '../../../src/triggers/controller/trigger-state-strategy.js';
import { pausedStateObject, targetKeyOf, withPaused } from '../../../src/triggers/pause-request.js';
import { TARGET_HASH_LABEL, targetHash, triggerStateName } from '../../../src/triggers/rollout-store.js';
import { isStatusError } from '../../../src/api/status-error.js';

const key = { target: 'docker:container/web', from: { namespace: 'default', stream: 'web', tag: 'latest' } };

describe('targetKeyOf', () => {
  it("takes a target as Rollouts name it, or oc rollout's KIND/NAME in the namespace", () => {
    expect(targetKeyOf('docker:container/web', 'ns')).toBe('docker:container/web');
    expect(targetKeyOf('kubernetes:deployment/a/web', 'ns')).toBe('kubernetes:deployment/a/web');
    expect(targetKeyOf('deployment/web', 'ns')).toBe('kubernetes:deployment/ns/web');
    expect(targetKeyOf('deployments/web', 'ns')).toBe('kubernetes:deployment/ns/web');
    expect(targetKeyOf('container/web', 'ns')).toBe('docker:container/web');
    expect(targetKeyOf('compose/shop/api', 'ns')).toBe('docker:compose/shop/api');
    expect(targetKeyOf('webhooktrigger/hook', 'ns')).toBe('webhook:ns/hook');
  });

  it('refuses what is not a target', () => {
    for (const arg of [
      'web',
      'service/web',
      'deployment/',
      'compose/shop',
      'container/a/b',
      'deployment/a b',
    ])
      expect(targetKeyOf(arg, 'ns'), arg).toBeUndefined();
  });
});

describe('TriggerState writes by users', () => {
  const s = triggerStateStrategy;

  it("creates one under the controllers' name with the pause, the target-hash label and no status", () => {
    const input = {
      ...pausedStateObject(key, triggerStateName(key), true),
      status: { lastTriggeredDigest: 'x' },
    };
    const created = s.prepareForCreate(s.decode(input));
    expect(s.validate(created)).toEqual([]);
    expect(created.status).toEqual({});
    expect(created.spec).toMatchObject({ target: key.target, paused: true });
    expect(created.metadata.labels?.[TARGET_HASH_LABEL]).toBe(targetHash(key.target));
  });

  it('refuses another name, naming metadata.name and the expected one', () => {
    const created = s.prepareForCreate(s.decode(pausedStateObject(key, 'mine', true)));
    expect(s.validate(created)).toEqual([
      expect.objectContaining({
        field: 'metadata.name',
        message: expect.stringContaining(triggerStateName(key)),
      }),
    ]);
  });

  it('refuses a spec without a target or a STREAM:TAG, naming the field', () => {
    const bad = pausedStateObject(key, 'n', true);
    try {
      s.decode({ ...bad, spec: { target: 'web', from: { kind: 'ImageStreamTag', name: 'web' } } });
      expect.unreachable();
    } catch (e) {
      expect(isStatusError(e) && e.toStatus().details?.causes?.map((c) => c.field)).toEqual([
        'spec.target',
        'spec.from.name',
      ]);
    }
  });

  it("an update changes spec.paused only: status, target and tag stay the controllers'", () => {
    const old = {
      ...pausedStateObject(key, triggerStateName(key), false),
      status: { lastTriggeredDigest: 'sha256:a' },
    };
    const input = { ...withPaused(old, true), status: { lastTriggeredDigest: 'forged' } };
    const next = s.prepareForUpdate(
      s.decode({ ...input, spec: { ...(input as { spec?: object }).spec, target: 'docker:container/x' } }),
      old,
    );
    expect(next.spec).toMatchObject({ target: key.target, paused: true });
    expect(next.status).toEqual({ lastTriggeredDigest: 'sha256:a' });
  });
});
