/** Waits for a Build to end (its completionTimestamp set) and returns it; for the build tests. */
import type { Build } from '../../src/builds/schema.js';
import { BUILDS } from '../../src/store/resource-types.js';
import type { Store } from '../../src/store/store.js';
import { until } from './until.js';

export function finishedBuild(store: Store, namespace: string, name: string, ms = 90_000): Promise<Build> {
  return until(
    `${name} finished`,
    async () => {
      const b = (await store.get(BUILDS, namespace, name)) as Build | undefined;
      return b?.status?.completionTimestamp ? b : undefined;
    },
    ms,
  );
}
