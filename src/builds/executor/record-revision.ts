/**
 * The commit a Git build fetched, recorded as the Build's spec.revision (commit, message, author,
 * committer), as OpenShift's builder does once the source is cloned: `oc describe build` shows
 * it, and a clone of the build (builds/clone) builds the same commit.
 */
import { guaranteedUpdate } from '../../store/guaranteed-update.js';
import { BUILDS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import type { Build, SourceRevision } from '../schema.js';

/** a revision a webhook named is kept: it says what the build was asked to build */
export async function recordRevision(
  store: Store,
  build: Build,
  revision: SourceRevision | undefined,
): Promise<void> {
  if (!revision || build.spec.revision?.git?.commit) return;
  await guaranteedUpdate(store, BUILDS, build.metadata.namespace, build.metadata.name, (b) => {
    if (b.spec.revision?.git?.commit) return b;
    return { ...b, spec: { ...b.spec, revision } };
  });
}
