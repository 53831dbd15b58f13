/**
 * Pausing and resuming a trigger, as request bodies. The pause of any target (a Docker container
 * or compose service, a Kubernetes workload, a WebhookTrigger) lives in its TriggerState
 * (`spec.paused`, one per target and followed tag: the user's half of the object, the
 * controllers write only its status); a WebhookTrigger's own `spec.paused` holds it too.
 * `isctl rollout pause|resume` and the console's buttons both build their writes here, so the
 * command and the button never differ. Pure (no Node built-ins): the console bundles it, and
 * hashes with WebCrypto where the server uses node:crypto.
 */
import type { KubeObject } from '../api/object.js';
import type { TriggerStateObject } from './rollout-objects.js';
import type { ImageStreamTagRef } from './trigger.js';

const TRIGGER_STATE_API_VERSION = 'imagestreams.io/v1';
const WEBHOOK_TARGET_PREFIX = 'webhook:';

export interface PauseKey {
  /** `docker:container/NAME`, `docker:compose/PROJECT/SERVICE`, `kubernetes:KIND/NS/NAME`, `webhook:NS/NAME` */
  target: string;
  from: ImageStreamTagRef;
}

/** What the TriggerState's name hashes (its readable prefix alone is not unique). */
export function stateNameHashInput(key: PauseKey): string {
  return `${key.target}|${key.from.namespace}/${key.from.stream}:${key.from.tag}`;
}

/** The TriggerState's name, given the sha256 hex of `stateNameHashInput(key)`. */
export function stateNameWithHash(key: PauseKey, sha256Hex: string): string {
  const readable = `${key.target.replace(/^docker:/, '')}-${key.from.stream}-${key.from.tag}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 200)
    .replace(/[^a-z0-9]+$/, '');
  return `${readable || 'target'}-${sha256Hex.slice(0, 10)}`;
}

const rec = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

/** A TriggerState's or WebhookTrigger's `spec.paused`. */
export function isPaused(o: KubeObject | undefined): boolean {
  return rec(o?.spec).paused === true;
}

/** A new TriggerState holding only the user's pause (a target that never rolled out has none yet). */
export function pausedStateObject(key: PauseKey, name: string, paused: boolean): TriggerStateObject {
  return {
    apiVersion: TRIGGER_STATE_API_VERSION,
    kind: 'TriggerState',
    metadata: { name, namespace: key.from.namespace },
    spec: {
      target: key.target,
      from: { kind: 'ImageStreamTag', name: `${key.from.stream}:${key.from.tag}` },
      paused,
    },
  };
}

/** The object (a TriggerState or a WebhookTrigger) as read, its resourceVersion too, with `spec.paused`. */
export function withPaused<T extends KubeObject>(object: T, paused: boolean): T {
  return { ...object, spec: { ...rec(object.spec), paused } };
}

/** What `isctl` prints: `docker:container/web (web:latest) paused`. */
export function pauseMessage(key: PauseKey, paused: boolean): string {
  return `${key.target} (${key.from.stream}:${key.from.tag}) ${paused ? 'paused' : 'resumed'}`;
}

const single = (make: (name: string, ns: string) => string) => (rest: string, ns: string) =>
  rest.includes('/') ? undefined : make(rest, ns);
const kube = (kind: string) => single((name, ns) => `kubernetes:${kind}/${ns}/${name}`);

/** `oc rollout`'s `KIND/NAME` forms, by kind (singular, lower case). */
const SHORT_FORMS: Record<string, (rest: string, ns: string) => string | undefined> = {
  container: single((name) => `docker:container/${name}`),
  compose: (rest) => (rest.split('/').length === 2 ? `docker:compose/${rest}` : undefined),
  webhooktrigger: single((name, ns) => `${WEBHOOK_TARGET_PREFIX}${ns}/${name}`),
  wht: single((name, ns) => `${WEBHOOK_TARGET_PREFIX}${ns}/${name}`),
  deployment: kube('deployment'),
  statefulset: kube('statefulset'),
  daemonset: kube('daemonset'),
  cronjob: kube('cronjob'),
  pod: kube('pod'),
};

/**
 * The target a user names, as Rollouts name it: the key itself (`docker:container/web`,
 * `kubernetes:deployment/NS/web`, `webhook:NS/hook`), or `oc rollout`'s `KIND/NAME`
 * (`deployment/web`, `container/web`, `compose/PROJECT/SERVICE`, `webhooktrigger/hook`) in
 * `namespace`. Undefined when it is neither.
 */
export function targetKeyOf(arg: string, namespace: string): string | undefined {
  if (/^(docker|kubernetes|webhook):\S+$/.test(arg)) return arg;
  const slash = arg.indexOf('/');
  const kind = arg.slice(0, slash).toLowerCase().replace(/s$/, '');
  const rest = arg.slice(slash + 1);
  if (slash <= 0 || !rest || /\s/.test(rest) || !Object.hasOwn(SHORT_FORMS, kind)) return undefined;
  return SHORT_FORMS[kind]?.(rest, namespace);
}
