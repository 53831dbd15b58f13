/** Reading an object again before patching it: the informer's copy may be behind. */
import { apiErrorMessage, apiStatusCode, type KindClient } from './client.js';
import { admit, type TrackedObject } from './tracked.js';

/** `undefined` when the object is gone or no longer carries the triggers annotation. */
export async function readTracked(
  client: KindClient,
  tracked: TrackedObject,
): Promise<TrackedObject | undefined> {
  try {
    const raw = await client.read(tracked.ref.namespace, tracked.ref.name);
    const a = admit(tracked.ref.kind, raw, tracked);
    return 'tracked' in a ? a.tracked : undefined;
  } catch (e) {
    if (apiStatusCode(e) === 404) return undefined;
    throw new Error(
      `reading ${tracked.ref.kind} ${tracked.ref.namespace}/${tracked.ref.name} failed: ${apiErrorMessage(e)}`,
      { cause: e },
    );
  }
}
