import type { IKeyValue } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { decodeObject, encodeObject } from '../../../../src/store/etcd/etcd-codec.js';

const kv = (value: string, mod = '7'): IKeyValue => ({
  key: Buffer.from('/p/x/ns/a'),
  value: Buffer.from(value),
  create_revision: '5',
  mod_revision: mod,
  version: '2',
  lease: '0',
});

describe('etcd value codec', () => {
  it('stores objects without resourceVersion and reads them back with the mod revision', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'X',
      metadata: { name: 'a', resourceVersion: '3', labels: { l: '1' } },
    };
    const stored = encodeObject(object);
    expect(JSON.parse(stored.toString()).metadata).toEqual({ name: 'a', labels: { l: '1' } });
    expect(object.metadata.resourceVersion).toBe('3');
    expect(decodeObject(kv(stored.toString(), '42'))).toEqual({
      ...object,
      metadata: { ...object.metadata, resourceVersion: '42' },
    });
  });

  it('answers 500 naming the key for a value that is not an object of ours', () => {
    expect(() => decodeObject(kv('not json'))).toThrow(
      expect.objectContaining({ code: 500, message: expect.stringContaining('/p/x/ns/a') }),
    );
    expect(() => decodeObject(kv('{"metadata":{}}'))).toThrow(expect.objectContaining({ code: 500 }));
  });
});
