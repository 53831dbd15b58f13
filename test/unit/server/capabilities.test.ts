import { describe, expect, expectTypeOf, it } from 'vitest';
import { Capabilities, capabilityKey } from '../../../src/server/capabilities.js';

describe('Capabilities', () => {
  const COUNTER = capabilityKey<{ count(): number }>('counter');

  it('gives what an extension provided, typed by its key', () => {
    const caps = new Capabilities();
    caps.provide(COUNTER, { count: () => 3 });
    const got = caps.get(COUNTER);
    expectTypeOf(got).toEqualTypeOf<{ count(): number } | undefined>();
    expect(got?.count()).toBe(3);
  });

  it('is undefined when nothing provides it, even under a key of the same name', () => {
    const caps = new Capabilities();
    caps.provide(COUNTER, { count: () => 1 });
    expect(caps.get(capabilityKey<{ count(): number }>('counter'))).toBeUndefined();
  });

  it('refuses a second provider of one capability', () => {
    const caps = new Capabilities();
    caps.provide(COUNTER, { count: () => 1 });
    expect(() => caps.provide(COUNTER, { count: () => 2 })).toThrow(/"counter" is provided twice/);
  });
});
