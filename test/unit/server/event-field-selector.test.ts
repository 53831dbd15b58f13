import { describe, expect, it } from 'vitest';
import { matchesFilters, splitEventSelector } from '../../../src/server/resources/event-field-selector.js';

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
});
