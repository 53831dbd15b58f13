import type { IEvent, IKeyValue } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { toChange } from '../../../../src/store/etcd/etcd-watch.js';

const DIR = '/p/imagestreams.image.openshift.io/';
const kv = (create: string, mod: string, spec: number): IKeyValue => ({
  key: Buffer.from(`${DIR}ns/a`),
  value: Buffer.from(
    JSON.stringify({ apiVersion: 'v1', kind: 'X', metadata: { name: 'a', namespace: 'ns' }, spec }),
  ),
  create_revision: create,
  mod_revision: mod,
  version: '1',
  lease: '0',
});

describe('etcd watch events as changes', () => {
  it('a put of a new key is ADDED, of an existing key MODIFIED with the previous value', () => {
    const added = toChange({ type: 'Put', kv: kv('5', '5', 1) } as IEvent, 'tk', DIR);
    expect(added).toMatchObject({ type: 'ADDED', resourceVersion: 5, namespace: 'ns', name: 'a' });
    expect(added?.previous).toBeUndefined();
    const modified = toChange(
      { type: 'PUT' as 'Put', kv: kv('5', '9', 2), prev_kv: kv('5', '5', 1) },
      'tk',
      DIR,
    );
    expect(modified).toMatchObject({ type: 'MODIFIED', resourceVersion: 9 });
    expect(JSON.parse(modified!.previous!).spec).toBe(1);
  });

  it('a delete is DELETED with the last value at the delete revision; without the last value it is skipped', () => {
    const tombstone = { ...kv('0', '12', 0), value: Buffer.alloc(0) };
    const deleted = toChange(
      { type: 'DELETE' as 'Delete', kv: tombstone, prev_kv: kv('5', '9', 2) },
      'tk',
      DIR,
    );
    expect(deleted).toMatchObject({ type: 'DELETED', resourceVersion: 12 });
    expect(JSON.parse(deleted!.object).spec).toBe(2);
    expect(toChange({ type: 'Delete', kv: tombstone } as IEvent, 'tk', DIR)).toBeUndefined();
  });
});
