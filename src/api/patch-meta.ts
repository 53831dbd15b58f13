/**
 * How the lists and maps of each kind merge: the `patchStrategy` / `patchMergeKey` tags of
 * openshift/api image/v1 and k8s.io/api (and the `listType` / `listMapKeys` markers server-side
 * apply reads). One table for every reader: strategic merge patch, server-side apply, kubectl's
 * client-side apply plan and the OpenAPI documents (`x-kubernetes-patch-merge-key`,
 * `x-kubernetes-patch-strategy`, `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`). Pure.
 *
 * A path names fields from the object's root; list items are stepped over, so the conditions of
 * each entry of `status.tags` are `status.tags.conditions`.
 */

/** How a field merges. Anything the table does not name is `atomic` if a list, `granular` if an object. */
export type FieldStrategy =
  /** a list of objects merged item by item on `keys` (strategic merge: the first key) */
  | { readonly type: 'map'; readonly keys: readonly [string, ...string[]] }
  /** a list of scalars merged as a set (strategic merge: patchStrategy merge on a primitive list) */
  | { readonly type: 'set' }
  /** replaced whole (a list by default; an object with patchStrategy replace) */
  | { readonly type: 'atomic' };

type FieldTable = Readonly<Record<string, FieldStrategy>>;

const ATOMIC: FieldStrategy = { type: 'atomic' };
const byKey = (key: string, ...more: string[]): FieldStrategy => ({ type: 'map', keys: [key, ...more] });

/** metav1.ObjectMeta, shared by every kind */
const OBJECT_META: FieldTable = {
  'metadata.finalizers': { type: 'set' },
  'metadata.ownerReferences': byKey('uid'),
  'metadata.managedFields': ATOMIC,
};

/** per `group/Kind`; the group of the core kinds is empty */
const KIND_FIELDS: Readonly<Record<string, FieldTable>> = {
  'image.openshift.io/ImageStream': {
    'spec.tags': byKey('name'),
    'status.tags': byKey('tag'),
  },
  'image.openshift.io/Image': {
    dockerImageMetadata: ATOMIC,
    signatures: byKey('name'),
    'signatures.conditions': byKey('type'),
  },
  'image.openshift.io/ImageStreamTag': {
    'image.dockerImageMetadata': ATOMIC,
    'image.signatures': byKey('name'),
    'image.signatures.conditions': byKey('type'),
  },
  'image.openshift.io/ImageTag': {
    'image.dockerImageMetadata': ATOMIC,
    'image.signatures': byKey('name'),
    'image.signatures.conditions': byKey('type'),
  },
  '/Namespace': {
    'status.conditions': byKey('type'),
  },
};

function tableOf(group: string, kind: string): FieldTable {
  return { ...OBJECT_META, ...(KIND_FIELDS[`${group}/${kind}`] ?? {}) };
}

/** The strategy declared for the field at `path` of a `group`/`kind` object, if any. */
export function declaredStrategy(
  group: string,
  kind: string,
  path: readonly string[],
): FieldStrategy | undefined {
  return tableOf(group, kind)[path.join('.')];
}

/** Every declared field of a kind, dotted path to strategy: what the OpenAPI documents publish. */
export function declaredFields(group: string, kind: string): ReadonlyMap<string, FieldStrategy> {
  return new Map(Object.entries(tableOf(group, kind)));
}
