/**
 * Which webhook trigger of a BuildConfig the secret in the URL opens (OpenShift's CheckSecret):
 * a trigger of the hook's type whose `secret`, or whose `secretReference` Secret's
 * `WebHookSecretKey`, equals it. Every candidate is compared in constant time (both sides hashed
 * first, so neither the content nor the length of a secret shows in the timing).
 */
import { secretDataValue } from '../../credentials/index.js';
import { constantTimeEqual } from '../../notifications/inbound/secrets.js';
import { SECRETS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { WEBHOOK_SECRET_KEY } from '../constants.js';
import type { BuildConfig, BuildTriggerPolicy, WebHookTrigger } from '../schema.js';
import type { HookType } from './hook-types.js';
import { HOOK_TYPES } from './hook-types.js';

/** the value of a trigger's secretReference (undefined when the Secret or its key is missing) */
async function referencedSecret(store: Store, namespace: string, name: string): Promise<string | undefined> {
  const secret = await store.get(SECRETS, namespace, name);
  return secret ? secretDataValue(secret, WEBHOOK_SECRET_KEY) : undefined;
}

async function expectedSecret(
  store: Store,
  namespace: string,
  hook: WebHookTrigger,
): Promise<string | undefined> {
  if (hook.secretReference?.name) return referencedSecret(store, namespace, hook.secretReference.name);
  return hook.secret || undefined;
}

export interface MatchedTrigger {
  hook: WebHookTrigger;
  /** the secret that matched: GitHub signatures are checked with it */
  secret: string;
}

/** the trigger the secret opens, or undefined (never says why: a missing one looks the same) */
export async function matchWebHookTrigger(
  store: Store,
  config: BuildConfig,
  type: HookType,
  given: string,
): Promise<MatchedTrigger | undefined> {
  const { triggerType, field } = HOOK_TYPES[type];
  const namespace = config.metadata.namespace ?? '';
  const hooks = (config.spec.triggers ?? [])
    .filter((t: BuildTriggerPolicy) => t.type === triggerType && t[field])
    .map((t) => t[field]!);
  let found: MatchedTrigger | undefined;
  for (const hook of hooks) {
    const expected = await expectedSecret(store, namespace, hook);
    // every candidate is compared, also after a match: the time does not say which one matched
    if (expected !== undefined && constantTimeEqual(given, expected) && !found)
      found = { hook, secret: expected };
  }
  return found;
}
