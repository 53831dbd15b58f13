/**
 * Per-registry lanes for the tag import controller and for push-triggered imports
 * (src/notifications/work/import-worker.ts): a stream's import request is split by the
 * registry each tag comes from, and each part runs in its registry's own work queue (its own
 * workers), so a registry that answers slowly or not at all only ever occupies its own lane and
 * never delays imports from another registry. Keys are the registry's canonical name
 * (host.ts), the same the request budget (src/registry/budget) files its state under.
 */
import { canonicalRegistry } from '../registry/index.js';
import { createWorkQueue, type WorkQueue, type WorkQueueOptions } from '../controllers/work-queue.js';
import { parseImportReference } from './image-ref.js';
import type { ImageStreamImportObject } from './import-types.js';

/** The lane of an unparseable reference: the import reports it invalid without a registry. */
const NO_REGISTRY = '';

export function laneOf(reference: string): string {
  try {
    return canonicalRegistry(parseImportReference(reference).registry);
  } catch {
    return NO_REGISTRY;
  }
}

/** The request's images and repository by lane; each part keeps the request's metadata. */
export function splitByRegistry(isi: ImageStreamImportObject): Map<string, ImageStreamImportObject> {
  const parts = new Map<string, ImageStreamImportObject>();
  const partOf = (lane: string): ImageStreamImportObject => {
    let part = parts.get(lane);
    if (!part) parts.set(lane, (part = { ...isi, spec: { import: isi.spec.import, images: [] } }));
    return part;
  };
  for (const image of isi.spec.images ?? []) partOf(laneOf(image.from.name)).spec.images?.push(image);
  if (isi.spec.repository)
    partOf(laneOf(isi.spec.repository.from.name)).spec.repository = isi.spec.repository;
  return parts;
}

export interface ImportLanes {
  /** queue `key` in the lane of `registry` */
  add(registry: string, key: string): void;
  /** queue `key` in the lane of `registry` after `ms` (an earlier pending deadline wins) */
  addAfter(registry: string, key: string, ms: number): void;
  /** consecutive failures of `key` in its worst lane */
  failures(key: string): number;
  /** waiting keys over all lanes */
  pending(): number;
  /** every lane is idle */
  idle(): Promise<void>;
  shutDown(): Promise<void>;
}

export function createImportLanes(
  reconcile: (registry: string, key: string) => Promise<void>,
  options: WorkQueueOptions & { concurrencyPerRegistry?: number },
): ImportLanes {
  const lanes = new Map<string, WorkQueue>();
  const { concurrencyPerRegistry, ...queueOptions } = options;
  const lane = (registry: string): WorkQueue => {
    let q = lanes.get(registry);
    if (!q) {
      q = createWorkQueue((key) => reconcile(registry, key), {
        ...queueOptions,
        concurrency: concurrencyPerRegistry ?? queueOptions.concurrency ?? 4,
      });
      lanes.set(registry, q);
    }
    return q;
  };
  return {
    add: (registry, key) => lane(registry).add(key),
    addAfter: (registry, key, ms) => lane(registry).addAfter(key, ms),
    failures: (key) => Math.max(0, ...[...lanes.values()].map((q) => q.failures(key))),
    pending: () => [...lanes.values()].reduce((n, q) => n + q.pending(), 0),
    idle: async () => {
      await Promise.all([...lanes.values()].map((q) => q.idle()));
    },
    shutDown: async () => {
      await Promise.all([...lanes.values()].map((q) => q.shutDown()));
    },
  };
}
