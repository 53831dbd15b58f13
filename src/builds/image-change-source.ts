/**
 * BuildConfigs as a source of the trigger skeleton (OpenShift's buildconfig `TriggerSource`,
 * openshift-controller-manager pkg/image/trigger/buildconfigs): a BuildConfig follows the
 * ImageStreamTags of its ImageChange triggers (an empty `from`: the strategy's image), and one
 * reconcile fires its triggers (triggers.ts: at most one build per change, ConfigChange
 * included). A tag move therefore wakes only the BuildConfigs following that tag, through the
 * skeleton's stream informer, keyed queue, retries and leader check.
 */
import type { Clock } from '../controllers/clock.js';
import { BUILD_CONFIGS, IMAGE_STREAMS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import type { FollowedTag } from '../triggers/skeleton/follow-index.js';
import {
  createTriggerController,
  type TriggerController,
  type TriggerSource,
} from '../triggers/skeleton/trigger-controller.js';
import { EventType, type EventRecorder } from '../notifications/outbound/event-recorder.js';
import { scrubSecretText } from '../observability/error-serializer.js';
import { triggerSource } from './instantiate.js';
import { strategyFrom, type BuildConfig } from './schema.js';
import { splitStreamTag, type RegistryHost } from './stream-tag-image.js';
import { fireTriggers } from './triggers.js';

/** `NS/NAME`: the key of a BuildConfig in the trigger queue (the build queue's key too) */
export const buildConfigKey = (bc: Pick<BuildConfig, 'metadata'>): string =>
  `${bc.metadata.namespace ?? ''}/${bc.metadata.name}`;

/** the tags the BuildConfig's ImageChange triggers follow, paused or not */
export function buildConfigFollows(bc: BuildConfig): FollowedTag[] {
  const out: FollowedTag[] = [];
  for (const trigger of bc.spec.triggers ?? []) {
    const src = triggerSource(bc, trigger);
    // a name without `:` names no tag (validation refuses it; nothing to follow)
    if (!src?.name.includes(':')) continue;
    const { stream, tag } = splitStreamTag(src.name);
    out.push({ namespace: src.namespace, stream, tag });
  }
  return out;
}

/**
 * what fireTriggers reads of the BuildConfig: a change of it is worth a look (a new trigger, an
 * unpaused one, another strategy image, a new lastVersion or recorded image), other edits are not
 */
function buildConfigFingerprint(bc: BuildConfig): string {
  return JSON.stringify([
    bc.spec.triggers ?? [],
    strategyFrom(bc.spec.strategy) ?? null,
    bc.spec.source.binary !== undefined,
    bc.status?.lastVersion ?? 0,
    (bc.status?.imageChangeTriggers ?? []).map((e) => [e.from ?? null, e.lastTriggeredImageID ?? '']),
  ]);
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/**
 * the source: one reconcile reads the BuildConfig again (the freshest lastVersion, so that a
 * stale look does not end in a 409) and fires its triggers, resolving tags as instantiate does.
 * A failure is recorded on the BuildConfig as OpenShift's Warning `BuildConfigTriggerFailed`
 * (repeats bump one Event's count) and handed back to the queue, which retries with backoff.
 */
export function buildConfigTriggerSource(o: {
  store: Store;
  registryHost: RegistryHost;
  events?: EventRecorder;
}): TriggerSource<BuildConfig> {
  return {
    name: 'builds',
    follows: buildConfigFollows,
    fingerprint: buildConfigFingerprint,
    async reconcile(key, follower) {
      if (!follower) return;
      const [namespace, name] = splitKey(key);
      const current = await o.store.get(BUILD_CONFIGS, namespace, name);
      if (!current) return;
      try {
        await fireTriggers(o.store, current, o.registryHost);
      } catch (e) {
        await o.events?.record(
          {
            kind: 'BuildConfig',
            apiVersion: 'build.openshift.io/v1',
            namespace,
            name,
            ...(current.metadata.uid ? { uid: current.metadata.uid } : {}),
          },
          EventType.Warning,
          'BuildConfigTriggerFailed',
          `error triggering Build for BuildConfig ${namespace}/${name}: ${scrubSecretText(e instanceof Error ? e.message : String(e))}`,
        );
        throw e;
      }
    },
  };
}

export interface BuildTriggerOptions {
  store: Store;
  /** where `Local` tags resolve (the integrated registry), as for instantiate */
  registryHost: RegistryHost;
  clock: Clock;
  /** where BuildConfigTriggerFailed warnings go (none when absent) */
  events?: EventRecorder;
  /** asked before every reconcile (default: always leads) */
  isLeader?: () => boolean;
  /** the source (default buildConfigTriggerSource): tests wrap it to see which BuildConfigs wake */
  source?: TriggerSource<BuildConfig>;
}

/** the skeleton with BuildConfigs as its source; the caller feeds it BuildConfigs and streams */
export function createBuildTriggers(o: BuildTriggerOptions): TriggerController<BuildConfig> {
  return createTriggerController<BuildConfig>({
    source: o.source ?? buildConfigTriggerSource(o),
    loadStream: (ns, name) => o.store.get(IMAGE_STREAMS, ns, name),
    dockerImageRepositoryHost: o.registryHost,
    clock: o.clock,
    queue: { concurrency: 2 },
    ...(o.isLeader ? { isLeader: o.isLeader } : {}),
  });
}
