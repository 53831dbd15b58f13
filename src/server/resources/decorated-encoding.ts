/**
 * The JSON a client gets for an object the watch cache holds encoded: its encoding as it is when
 * decoration changes nothing right now, else the decorated object's encoding, kept with the
 * cached object per decoration variant (the registry host, say), so that every cached object is
 * decorated and encoded once, not once per GET or LIST.
 */
import type { KubeObject } from '../../api/object.js';
import type { EncodedObject } from '../../store/store.js';

export interface Decoration {
  decorate: (object: KubeObject) => KubeObject;
  /** what decorate does right now: undefined when nothing (see Decorator.variant) */
  variant?: () => string | undefined;
}

/** The decorated encodings of cached objects, by decoration variant; they go with their object. */
const decoratedEncodings = new WeakMap<EncodedObject, { variant: string; json: Buffer }>();

function decorated(item: EncodedObject, decoration: Decoration, variant: string): Buffer {
  const known = decoratedEncodings.get(item);
  if (known?.variant === variant) return known.json;
  const json = Buffer.from(JSON.stringify(decoration.decorate(item.object())));
  decoratedEncodings.set(item, { variant, json });
  return json;
}

/** The encoder of one answer: the variant is read once, so every item of a list gets the same. */
export function encoderFor(decoration: Decoration): (item: EncodedObject) => Buffer {
  const variant = decoration.variant?.();
  return variant === undefined ? (item) => item.json : (item) => decorated(item, decoration, variant);
}
