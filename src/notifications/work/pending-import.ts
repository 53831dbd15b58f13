/**
 * A registry notification accepted but not yet imported, as a stored object (kind PendingImport,
 * imagestreams.io/v1, in the stream's namespace). There is at most one per stream tag: its name
 * is derived from the stream and tag, so every later notification for the same tag merges into
 * the same object instead of adding work. Each merge is a write, hence a new resourceVersion;
 * the worker deletes the object only at the version it imported, so a request that arrived
 * during the import keeps the object and is imported again.
 */
import { z } from 'zod';
import type { KubeObject } from '../../api/object.js';
import type { PendingPush } from '../inbound/coalescer.js';

export { PENDING_IMPORTS } from '../../store/resource-types.js';

const PENDING_IMPORT_KIND = 'PendingImport';
const PENDING_IMPORT_API_VERSION = 'imagestreams.io/v1';

/** One matched stream tag of one notification. */
export type { PendingPush };

export const PendingImportSpecSchema = z.object({
  stream: z.string().min(1),
  tag: z.string().min(1),
  /** the vendors that asked, sorted and de-duplicated */
  sources: z.array(z.string()).min(1),
  /** the digest the newest notification claimed: a hint for logging, never trusted */
  expectedDigest: z.string().optional(),
  /** the earliest notification not yet imported (push-to-tag latency starts here) */
  firstRequestedAt: z.string(),
  /** the newest notification */
  requestedAt: z.string(),
  /** the registry pushed to, as the newest notification named it: the import's lane */
  registry: z.string().optional(),
  /** notifications merged into this object */
  requests: z.number().int().min(1),
});
export type PendingImportSpec = z.infer<typeof PendingImportSpecSchema>;

export const PendingImportSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string(),
    resourceVersion: z.string().optional(),
  }),
  spec: PendingImportSpecSchema,
});
export type PendingImport = z.infer<typeof PendingImportSchema>;

/**
 * `stream:tag`, the name OpenShift gives an ImageStreamTag. Unambiguous: neither a stream name
 * nor a tag may contain ':' (and neither contains '/', which the store refuses).
 */
export function pendingImportName(stream: string, tag: string): string {
  return `${stream}:${tag}`;
}

export function newPendingImport(push: PendingPush): KubeObject {
  const at = push.receivedAt.toISOString();
  const spec: PendingImportSpec = {
    stream: push.stream,
    tag: push.tag,
    sources: [push.source],
    firstRequestedAt: at,
    requestedAt: at,
    requests: 1,
    ...(push.digest ? { expectedDigest: push.digest } : {}),
    ...(push.registry !== undefined ? { registry: push.registry } : {}),
  };
  return {
    apiVersion: PENDING_IMPORT_API_VERSION,
    kind: PENDING_IMPORT_KIND,
    metadata: { name: pendingImportName(push.stream, push.tag), namespace: push.namespace },
    spec,
  };
}

/**
 * The stored spec with one more notification merged in. Out-of-order delivery: the newest claim
 * wins the digest hint, and the earliest time stays the start of the latency measurement.
 */
export function mergePendingImport(spec: PendingImportSpec, push: PendingPush): PendingImportSpec {
  const at = push.receivedAt.toISOString();
  const newer = at >= spec.requestedAt;
  const merged: PendingImportSpec = {
    ...spec,
    sources: [...new Set([...spec.sources, push.source])].sort(),
    firstRequestedAt: at < spec.firstRequestedAt ? at : spec.firstRequestedAt,
    requestedAt: newer ? at : spec.requestedAt,
    requests: spec.requests + 1,
  };
  if (newer && push.digest) merged.expectedDigest = push.digest;
  if (newer && push.registry !== undefined) merged.registry = push.registry;
  return merged;
}

/** A stored object as a PendingImport; undefined when it is not one we can read. */
export function readPendingImport(object: KubeObject): PendingImport | undefined {
  const parsed = PendingImportSchema.safeParse(object);
  return parsed.success ? parsed.data : undefined;
}

export function pendingImportKey(item: { metadata: { namespace: string; name: string } }): string {
  return `${item.metadata.namespace}/${item.metadata.name}`;
}
