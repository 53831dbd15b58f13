/**
 * How the server treats one stored kind (the role of a Kubernetes REST strategy): decoding and
 * validating input, defaulting, and the fields the server owns. Pure functions; the server calls
 * them in this order:
 *
 *   create: decode -> prepareForCreate -> validate                -> store.create
 *   update: decode -> prepareForUpdate(new, old) -> validateUpdate -> store.update
 *   status: decode -> prepareForStatusUpdate(new, old) -> validateUpdate -> store.update
 *
 * Any problem is a StatusError (422 Invalid naming each bad field, via `invalid()`), and nothing is stored.
 */
import type { KubeObject } from './object.js';
import type { StatusCause } from './status-error.js';

export interface Strategy<T extends KubeObject = KubeObject> {
  /** e.g. 'ImageStream' */
  kind: string;
  /** e.g. 'image.openshift.io' */
  group: string;
  /** Parses an outside payload (zod). Throws a 422 StatusError whose causes name the fields. */
  decode(input: unknown): T;
  /** Defaults; status reset (the server owns it); metadata.generation = 1. */
  prepareForCreate(object: T): T;
  /** Keeps status from old; bumps metadata.generation on a spec change (and per-tag generations). */
  prepareForUpdate(object: T, old: T): T;
  /** Keeps spec (and metadata other than labels/annotations) from old; takes status from object. */
  prepareForStatusUpdate(object: T, old: T): T;
  /** Field errors of a new object; empty when valid. */
  validate(object: T): StatusCause[];
  /** Field errors of an update (including immutable fields); empty when valid. */
  validateUpdate(object: T, old: T): StatusCause[];
}
