/**
 * Image streams by the repositories they follow, kept up to date from the store (list then
 * watch, src/controllers/informer.ts), so that a registry notification costs a lookup instead of
 * a list of every stream: a flood of notifications listed the whole store once each (about 8
 * notifications a second with a few hundred streams, and API reads slowed to seconds meanwhile).
 * The index only narrows the streams; matchPushEvent still decides on each candidate.
 */
import type { ImageStream } from '../../api/types.js';
import { startInformer, type Informer } from '../../controllers/informer.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import type { Store } from '../../store/store.js';
import { IMAGE_STREAMS } from '../../store/resource-types.js';
import { followedRepositoryKeys, repositoryIndexKey } from './match.js';
import type { PushEvent } from './push-event.js';

const objectKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/** The index itself, without I/O. */
export class StreamIndex {
  private readonly byRepository = new Map<string, Map<string, ImageStream>>();
  private readonly keysOf = new Map<string, string[]>();

  /** A stream appeared or changed. */
  upsert(stream: ImageStream): void {
    const key = objectKey(stream.metadata.namespace ?? '', stream.metadata.name);
    this.remove(stream.metadata.namespace ?? '', stream.metadata.name);
    const repositories = followedRepositoryKeys(stream);
    for (const repository of repositories) {
      let streams = this.byRepository.get(repository);
      if (!streams) this.byRepository.set(repository, (streams = new Map()));
      streams.set(key, stream);
    }
    if (repositories.length > 0) this.keysOf.set(key, repositories);
  }

  remove(namespace: string, name: string): void {
    const key = objectKey(namespace, name);
    for (const repository of this.keysOf.get(key) ?? []) {
      const streams = this.byRepository.get(repository);
      streams?.delete(key);
      if (streams?.size === 0) this.byRepository.delete(repository);
    }
    this.keysOf.delete(key);
  }

  clear(): void {
    this.byRepository.clear();
    this.keysOf.clear();
  }

  /** The streams that may follow the pushed repository. */
  candidates(event: PushEvent): ImageStream[] {
    return [...(this.byRepository.get(repositoryIndexKey(event.repository))?.values() ?? [])];
  }

  /** streams that follow at least one repository */
  get size(): number {
    return this.keysOf.size;
  }
}

export interface RunningStreamIndex {
  index: StreamIndex;
  /** resolves once the first list is in the index (or its first attempt failed) */
  synced(): Promise<void>;
  /** whether a list ever reached the index (false: its first attempt failed, the caller lists itself) */
  listed(): boolean;
  stop(): void;
}

/** What a stream follows: a change elsewhere (status, labels) need not touch the index. */
function followedFingerprint(stream: ImageStream): string {
  return followedRepositoryKeys(stream).join('\n') + '\n' + JSON.stringify(stream.spec);
}

export function startStreamIndex(store: Store, clock: Clock = systemClock): RunningStreamIndex {
  const index = new StreamIndex();
  let listed = false;
  const informer: Informer = startInformer({
    store,
    type: IMAGE_STREAMS,
    clock,
    fingerprint: followedFingerprint,
    onChange: (object) => index.upsert(object),
    onDelete: (namespace, name) => index.remove(namespace, name),
    // streams deleted while the watch was down are not in the new list: start from it alone
    onRelist: () => {
      index.clear();
      listed = true;
    },
  });
  return { index, synced: () => informer.synced(), listed: () => listed, stop: () => informer.stop() };
}
