/** Waiting for stored state through a store watch (no polling), bounded in time. */
import type { KubeObject } from '../../../src/api/object.js';
import type { ResourceType, Store } from '../../../src/store/store.js';

/** Resolves with the object once `predicate` holds for it (checked on the current state first). */
export async function waitForObject(
  store: Store,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  predicate: (o: KubeObject) => boolean,
  timeoutMs = 10_000,
): Promise<KubeObject> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  let last: KubeObject | undefined;
  try {
    const events = store.watch(
      type,
      { ...(namespace ? { namespace } : {}), fieldSelector: `metadata.name=${name}` },
      stop.signal,
    );
    for await (const event of events) {
      if (event.type === 'DELETED' || event.type === 'BOOKMARK') continue;
      last = event.object;
      if (predicate(event.object)) return event.object;
    }
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  throw new Error(
    `${type.resource} ${namespace ?? ''}/${name} did not reach the expected state within ${timeoutMs} ms; last: ${JSON.stringify(last)?.slice(0, 800)}`,
  );
}
