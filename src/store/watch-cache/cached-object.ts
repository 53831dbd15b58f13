/**
 * One object as the watch cache holds it: its JSON as UTF-8 bytes, encoded once when the change
 * arrives (as kube-apiserver caches an object's serialization per resourceVersion), and the little
 * that selectors read. A LIST or GET writes the JSON out as it is; `get` and `list` parse a fresh
 * copy from it. Bytes rather than a string: a LIST copies them into its pages without encoding them
 * again, and they live outside the JavaScript heap (less for the garbage collector to walk).
 */
import type { KubeObject } from '../../api/object.js';
import type { EncodedObject } from '../store.js';

/**
 * The bytes in a buffer of their own. `Buffer.from(string)` cuts buffers under 4 KiB (most objects)
 * from a shared 8 KiB slab, and a slice kept for long keeps the whole slab alive, with whatever
 * short-lived buffers were cut from it in between: kept by the cache, that was up to 8 KiB per
 * object instead of its size.
 */
function ownBuffer(json: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
  bytes.write(json);
  return bytes;
}

export class CachedObject implements EncodedObject {
  readonly json: Buffer;
  readonly namespace: string;
  readonly name: string;
  /** what selectors read: name, namespace and labels (frozen) */
  readonly selectable: KubeObject;

  constructor(object: KubeObject) {
    this.json = ownBuffer(JSON.stringify(object));
    const { name, namespace, labels } = object.metadata;
    this.namespace = namespace ?? '';
    this.name = name;
    const metadata = Object.freeze({
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(labels ? { labels: Object.freeze({ ...labels }) } : {}),
    });
    this.selectable = Object.freeze({ apiVersion: object.apiVersion, kind: object.kind, metadata });
  }

  object(): KubeObject {
    return JSON.parse(this.json.toString()) as KubeObject;
  }
}
