/**
 * Following a watch stream (`?watch=1`): newline-delimited JSON events, reconnecting from the
 * last seen resourceVersion when the server ends the stream, and re-listing when that version
 * has expired (410), as client-go's reflector does. Runs until the signal aborts.
 */
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { KubeObject } from '../api/object.js';
import { ClientStatusError, resourcePath, type ApiClient, type ListOptions } from './api-client.js';
import type { ResourceInfo } from './resources.js';
import { kubeObjectSchema, statusSchema } from './schema.js';

const watchEventSchema = z.object({
  type: z.enum(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']),
  object: z.unknown(),
});

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchOptions extends ListOptions {
  /** start after this version; the caller has listed up to it */
  resourceVersion: string;
  signal: AbortSignal;
  onEvent(type: WatchEventType, object: KubeObject): void;
  /** called after a 410 re-list, with the objects as they are now */
  onRelist?(objects: KubeObject[]): void;
}

function asError(object: unknown): ClientStatusError {
  const s = statusSchema.safeParse(object);
  if (!s.success)
    return new ClientStatusError(500, 'InternalError', 'the watch ended with an unreadable error');
  return new ClientStatusError(s.data.code ?? 500, s.data.reason ?? '', s.data.message ?? '', s.data.details);
}

/** One watch connection; resolves with the last resourceVersion seen when the server closes it. */
async function watchOnce(client: ApiClient, r: ResourceInfo, o: WatchOptions, from: string): Promise<string> {
  const body = await client.stream('GET', resourcePath(r, o.namespace), o.signal, {
    query: {
      watch: '1',
      resourceVersion: from,
      allowWatchBookmarks: 'true',
      labelSelector: o.labelSelector,
      fieldSelector: o.fieldSelector,
    },
  });
  let version = from;
  for await (const line of createInterface({ input: Readable.from(body), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const event = watchEventSchema.parse(JSON.parse(line));
    if (event.type === 'ERROR') throw asError(event.object);
    const object = kubeObjectSchema.parse(event.object);
    version = object.metadata.resourceVersion ?? version;
    if (event.type !== 'BOOKMARK') o.onEvent(event.type, object);
  }
  return version;
}

function isExpired(err: unknown): boolean {
  return (
    err instanceof ClientStatusError &&
    (err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone')
  );
}

export async function watchResource(client: ApiClient, r: ResourceInfo, o: WatchOptions): Promise<void> {
  let version = o.resourceVersion;
  while (!o.signal.aborted) {
    try {
      version = await watchOnce(client, r, o, version);
    } catch (err) {
      if (o.signal.aborted) return;
      if (!isExpired(err)) throw err;
      const list = await client.list(r, o);
      version = list.resourceVersion;
      o.onRelist?.(list.items);
    }
  }
}
