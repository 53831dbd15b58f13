import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import {
  matchesFilters,
  splitEventSelector,
  withEventFieldSelectors,
} from '../../../src/server/resources/event-field-selector.js';
import type { RequestScope } from '../../../src/server/resources/resource-def.js';

describe('event field selectors', () => {
  it('leaves metadata fields to the store and filters on the involved object', () => {
    const split = splitEventSelector(
      'metadata.name=a,involvedObject.kind=ImageStream,involvedObject.name!=x',
    );
    expect(split.store).toBe('metadata.name=a');
    expect(split.filters).toEqual([
      { path: 'involvedObject.kind', equal: true, value: 'ImageStream' },
      { path: 'involvedObject.name', equal: false, value: 'x' },
    ]);
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'a' },
      involvedObject: { kind: 'ImageStream', name: 'ruby' },
    };
    expect(matchesFilters(event, split.filters)).toBe(true);
    expect(
      matchesFilters({ ...event, involvedObject: { kind: 'ImageStream', name: 'x' } }, split.filters),
    ).toBe(false);
  });
  it('treats a missing field as empty, as the apiserver does', () => {
    const { filters } = splitEventSelector('involvedObject.uid=');
    expect(
      matchesFilters(
        { apiVersion: 'v1', kind: 'Event', metadata: { name: 'a' }, involvedObject: {} },
        filters,
      ),
    ).toBe(true);
  });

  it("drops a cached list's encodings when it filters, so that the answer is the filtered pages", async () => {
    const event = (name: string, involved: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name },
      involvedObject: { kind: 'ImageStream', name: involved },
    });
    const items = [event('a', 'ruby'), event('b', 'x')];
    async function* pages(): AsyncGenerator<KubeObject[]> {
      yield items;
    }
    async function* encoded(): AsyncGenerator<Buffer[]> {
      yield items.map((o) => Buffer.from(JSON.stringify(o)));
    }
    const handler = withEventFieldSelectors({
      listPages: async () => ({
        head: { apiVersion: 'v1', kind: 'EventList', metadata: { resourceVersion: '1' } },
        pages: pages(),
        encoded: encoded(),
      }),
    });
    const scope = (fieldSelector: string): RequestScope =>
      ({ info: { verb: 'list' }, query: { fieldSelector } }) as unknown as RequestScope;
    const filtered = await handler.listPages!(scope('involvedObject.name=ruby'));
    expect(filtered.encoded).toBeUndefined();
    const names: string[] = [];
    for await (const page of filtered.pages) names.push(...page.map((o) => o.metadata.name));
    expect(names).toEqual(['a']);
    expect((await handler.listPages!(scope('metadata.name=a'))).encoded).toBeDefined();
  });
});
