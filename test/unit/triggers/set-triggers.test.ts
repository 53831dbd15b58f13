import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../src/api/status-error.js';
import { setTriggers } from '../../../src/triggers/set-triggers.js';

const KEY = 'image.openshift.io/triggers';
const base = { namespace: 'web', kind: 'Deployment' };
const list = (value: string | undefined) => JSON.parse(value ?? '[]') as unknown[];

describe('setTriggers', () => {
  it('adds one trigger per container with a name selector', () => {
    const r = setTriggers({}, { ...base, fromImage: 'app:latest', containers: ['a', 'b'] });
    expect(list(r.value)).toEqual([
      {
        from: { kind: 'ImageStreamTag', name: 'app:latest' },
        fieldPath: 'spec.template.spec.containers[?(@.name=="a")].image',
      },
      {
        from: { kind: 'ImageStreamTag', name: 'app:latest' },
        fieldPath: 'spec.template.spec.containers[?(@.name=="b")].image',
      },
    ]);
  });

  it('writes paused:true with --manual and a namespace from NS/STREAM:TAG', () => {
    const r = setTriggers({}, { ...base, fromImage: 'other/app:v1', containers: ['a'], manual: true });
    expect(list(r.value)).toEqual([
      {
        from: { kind: 'ImageStreamTag', name: 'app:v1', namespace: 'other' },
        fieldPath: 'spec.template.spec.containers[?(@.name=="a")].image',
        paused: true,
      },
    ]);
  });

  it('replaces the existing trigger of a container (one per container)', () => {
    const first = setTriggers({}, { ...base, fromImage: 'app:1', containers: ['a'] });
    const second = setTriggers(
      { [KEY]: first.value ?? '' },
      { ...base, fromImage: 'app:2', containers: ['a'] },
    );
    expect(list(second.value)).toHaveLength(1);
    expect(second.value).toContain('app:2');
  });

  it('toggles paused with --auto / --manual alone', () => {
    const first = setTriggers({}, { ...base, fromImage: 'app:1', containers: ['a', 'b'] });
    const manual = setTriggers({ [KEY]: first.value ?? '' }, { ...base, manual: true, containers: ['b'] });
    expect(list(manual.value).map((t) => (t as { paused?: boolean }).paused)).toEqual([undefined, true]);
    const auto = setTriggers({ [KEY]: manual.value ?? '' }, { ...base, auto: true });
    expect(auto.value).not.toContain('paused');
  });

  it('removes triggers of the named containers, or all with --remove-all', () => {
    const first = setTriggers({}, { ...base, fromImage: 'app:1', containers: ['a', 'b'] });
    const removed = setTriggers({ [KEY]: first.value ?? '' }, { ...base, remove: true, containers: ['a'] });
    expect(list(removed.value)).toHaveLength(1);
    expect(removed.value).toContain('name==\\"b\\"');
    expect(setTriggers({ [KEY]: first.value ?? '' }, { ...base, removeAll: true }).value).toBeUndefined();
    expect(
      setTriggers({ [KEY]: first.value ?? '' }, { ...base, remove: true, containers: ['a', 'b'] }).value,
    ).toBeUndefined();
  });

  it('removes by --from-image', () => {
    const a = setTriggers({}, { ...base, fromImage: 'app:1', containers: ['a'] });
    const b = setTriggers({ [KEY]: a.value ?? '' }, { ...base, fromImage: 'db:1', containers: ['b'] });
    const r = setTriggers({ [KEY]: b.value ?? '' }, { ...base, remove: true, fromImage: 'app:1' });
    expect(list(r.value)).toHaveLength(1);
    expect(r.value).toContain('db:1');
  });

  it('uses the CronJob prefix', () => {
    const r = setTriggers({}, { namespace: 'n', kind: 'CronJob', fromImage: 'app:1', containers: ['a'] });
    expect(r.value).toContain('spec.jobTemplate.spec.template.spec.containers');
  });

  it('reports and drops a broken existing value', () => {
    const r = setTriggers(
      {
        [KEY]:
          '[{"from":{"kind":"ImageStreamTag","name":"x:1"},"fieldPath":"spec.template.spec.containers[0].image","paused":"false"}]',
      },
      {
        ...base,
        fromImage: 'app:1',
        containers: ['a'],
      },
    );
    expect(r.warnings[0]?.field).toBe('paused');
    expect(list(r.value)).toHaveLength(1);
  });

  it('refuses contradictory or incomplete flags with a 400', () => {
    const cases = [
      { ...base, fromImage: 'app:1', containers: ['a'], auto: true, manual: true },
      { ...base, fromImage: 'app', containers: ['a'] },
      { ...base, fromImage: 'app:1' },
      { ...base },
    ];
    for (const c of cases) {
      try {
        setTriggers({}, c);
        expect.unreachable(JSON.stringify(c));
      } catch (e) {
        expect(isStatusError(e) && e.code).toBe(400);
      }
    }
  });
});
