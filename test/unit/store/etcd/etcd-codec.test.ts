import type { IKeyValue } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { decodeObject, encodeObject, parseStored } from '../../../../src/store/etcd/etcd-codec.js';

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

  it('reads values as the schema returns them: its keys first, whatever the stored order', () => {
    const read = (value: string): string => JSON.stringify(parseStored(value, '/k'));
    // what our stores write: kept as it is
    const stored =
      '{"apiVersion":"v1","kind":"X","metadata":{"name":"a","labels":{"l":"1"}},"spec":{"b":1,"a":[2]}}';
    expect(read(stored)).toBe(stored);
    // any other order: apiVersion, kind, metadata first, name first in metadata, the rest in order
    expect(
      read('{"spec":{"x":1},"kind":"X","metadata":{"uid":"u","name":"a"},"apiVersion":"v1","status":{}}'),
    ).toBe('{"apiVersion":"v1","kind":"X","metadata":{"name":"a","uid":"u"},"spec":{"x":1},"status":{}}');
    expect(read('{"apiVersion":"v1","kind":"X","metadata":{"namespace":"n","name":"a"}}')).toBe(
      '{"apiVersion":"v1","kind":"X","metadata":{"name":"a","namespace":"n"}}',
    );
    // a "__proto__" key is left to the schema, whose copy drops it
    expect(read('{"apiVersion":"v1","kind":"X","metadata":{"name":"a"},"__proto__":{"p":1}}')).toBe(
      '{"apiVersion":"v1","kind":"X","metadata":{"name":"a"}}',
    );
    expect(() => parseStored('{"apiVersion":"v1","kind":"X","metadata":{"name":""}}', '/k')).toThrow(
      expect.objectContaining({ code: 500 }),
    );
    expect(() => parseStored('{"apiVersion":1,"kind":"X","metadata":{"name":"a"}}', '/k')).toThrow(
      expect.objectContaining({ code: 500 }),
    );
  });
});
