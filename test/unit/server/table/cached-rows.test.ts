/**
 * Table rows from parts kept with cached objects: the rows buildTable writes, for the default
 * `NAME AGE` table at several clocks; a convertor without `prepare` is left to buildTable.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { cachedTableRows } from '../../../../src/server/table/cached-rows.js';
import { IMAGE_TABLE } from '../../../../src/server/table/image-tables.js';
import { DEFAULT_TABLE, buildTable } from '../../../../src/server/table/table.js';
import type { EncodedObject } from '../../../../src/store/store.js';

function encoded(object: KubeObject): EncodedObject {
  const json = Buffer.from(JSON.stringify(object));
  return { json, object: () => JSON.parse(json.toString('utf8')) as KubeObject };
}

const OBJECTS: KubeObject[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', creationTimestamp: '2026-12-01T00:00:00Z' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: '2026-12-06T06:59:30Z' } },
];

async function rows(gen: AsyncIterable<string[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const page of gen) out.push(...page);
  return out;
}

describe('cachedTableRows', () => {
  it('writes the rows buildTable writes for the default table, as the clock moves', async () => {
    const items = OBJECTS.map(encoded);
    const identity = { decorate: (o: KubeObject) => o };
    for (const now of [new Date('2026-12-06T07:00:00Z'), new Date('2027-06-01T00:00:00Z')])
      for (const include of ['None', 'Metadata', 'Object'] as const) {
        const expected = buildTable(DEFAULT_TABLE, OBJECTS, { include, now }).rows.map((r) =>
          JSON.stringify(r),
        );
        const got = cachedTableRows(items, identity, DEFAULT_TABLE, { include, now }, 2);
        expect(got).toBeDefined();
        expect(await rows(got!)).toEqual(expected);
      }
  });

  it('leaves a convertor without prepare to buildTable', () => {
    const items = OBJECTS.map(encoded);
    const options = { include: 'None' as const, now: new Date() };
    expect(cachedTableRows(items, { decorate: (o) => o }, IMAGE_TABLE, options, 2)).toBeUndefined();
  });
});
