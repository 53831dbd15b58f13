/**
 * BuildConfig triggers, as OpenShift's build config controller and image trigger controller:
 * ConfigChange starts build 1 when the BuildConfig is new (lastVersion 0); ImageChange starts a
 * build when the followed tag's image differs from status.imageChangeTriggers[].lastTriggeredImageID.
 * Each instantiate names the lastVersion it saw, so a trigger never starts two builds for one
 * change, even when it is looked at twice.
 */
import { isStatusError } from '../api/status-error.js';
import type { Store } from '../store/store.js';
import { BuildCauseMessage } from './constants.js';
import { imageChangeRequest, shouldFire } from './image-change-decision.js';
import { instantiate, triggerSource } from './instantiate.js';
import { resolveStreamTagImage, type RegistryHost } from './stream-tag-image.js';
import type { BuildConfig } from './schema.js';

const REQUEST = { apiVersion: 'build.openshift.io/v1', kind: 'BuildRequest' };

async function start(
  store: Store,
  bc: BuildConfig,
  request: object,
  registryHost: RegistryHost,
): Promise<boolean> {
  try {
    const body = {
      ...REQUEST,
      metadata: { name: bc.metadata.name },
      lastVersion: bc.status?.lastVersion ?? 0,
      ...request,
    };
    await instantiate(store, bc.metadata.namespace, bc.metadata.name, body, { registryHost });
    return true;
  } catch (e) {
    // another look at the same BuildConfig got there first: its build is the one
    if (isStatusError(e) && e.code === 409) return false;
    throw e;
  }
}

async function imageChange(store: Store, bc: BuildConfig, registryHost: RegistryHost): Promise<boolean> {
  for (const trigger of bc.spec.triggers ?? []) {
    const src = triggerSource(bc, trigger);
    if (!src || trigger.imageChange?.paused) continue;
    // resolved as instantiate resolves it, so the image it records is the one compared here
    const resolved = await resolveStreamTagImage(store, src.namespace, src.name, registryHost);
    if (!resolved || !shouldFire(bc, src, resolved.reference)) continue;
    return start(store, bc, imageChangeRequest(src, resolved.reference), registryHost);
  }
  return false;
}

/**
 * starts at most one build for the BuildConfig's triggers; whether it did. `registryHost`: where
 * `Local` tags resolve (the integrated registry), as for instantiate.
 */
export async function fireTriggers(
  store: Store,
  bc: BuildConfig,
  registryHost: RegistryHost = () => undefined,
): Promise<boolean> {
  const triggers = bc.spec.triggers ?? [];
  // a binary source comes only with instantiatebinary: no trigger can supply it
  if (bc.spec.source.binary) return false;
  if ((bc.status?.lastVersion ?? 0) === 0 && triggers.some((t) => t.type === 'ConfigChange'))
    return start(store, bc, { triggeredBy: [{ message: BuildCauseMessage.ConfigChange }] }, registryHost);
  return imageChange(store, bc, registryHost);
}
