/**
 * TriggerStates are the controllers' memory (status: the last digest acted on, rejected digests,
 * warnings); the user's half is `spec.paused`, what `isctl rollout pause|resume` and the console
 * write. A user may create one (a target that never rolled out has none yet) under the name the
 * controllers use for its target and tag, and may change only `spec.paused` afterwards (anything
 * else a user changes is ignored, as on a Rollout); status is never taken from a user (the controllers write it to the store directly and keep the spec).
 */
import { z } from 'zod';
import type { KubeObject } from '../../api/object.js';
import { invalid, type StatusCause } from '../../api/status-error.js';
import type { Strategy } from '../../api/strategy.js';
import { TARGET_HASH_LABEL, targetHash, triggerStateName, TRIGGERS_API_GROUP } from '../rollout-store.js';
import { parseStreamTag } from '../trigger.js';

const TARGET = /^(docker:(container|compose)\/|kubernetes:[a-z]+\/|webhook:)[^\s]+$/;

const TriggerStateInputSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string().optional(), namespace: z.string().optional() }),
  spec: z.looseObject({
    target: z
      .string()
      .regex(TARGET, 'must be a target as Rollouts name it (docker:…, kubernetes:…, webhook:…)'),
    from: z.looseObject({
      kind: z.literal('ImageStreamTag'),
      name: z.string().refine((n) => parseStreamTag(n) !== undefined, 'must be STREAM:TAG'),
    }),
    paused: z.boolean().optional(),
  }),
});

const Q = { group: TRIGGERS_API_GROUP, resource: 'triggerstates', kind: 'TriggerState' };

interface StateSpec {
  target: string;
  from: { kind: string; name: string };
  paused?: boolean;
}

const specOf = (o: KubeObject) => (o.spec ?? {}) as StateSpec;

/** The key the controllers name this state by; undefined when the spec does not make one. */
function keyOf(o: KubeObject) {
  const spec = specOf(o);
  const tag = parseStreamTag(spec.from?.name ?? '');
  if (!tag || typeof spec.target !== 'string') return undefined;
  return { target: spec.target, from: { namespace: o.metadata.namespace ?? '', ...tag } };
}

export const triggerStateStrategy: Strategy = {
  kind: 'TriggerState',
  group: TRIGGERS_API_GROUP,
  decode(input) {
    const r = TriggerStateInputSchema.safeParse(input);
    if (!r.success) {
      const causes: StatusCause[] = r.error.issues.map((i) => ({
        reason: 'FieldValueInvalid',
        field: i.path.join('.'),
        message: i.message,
      }));
      throw invalid(Q, causes);
    }
    return input as KubeObject;
  },
  prepareForCreate(object) {
    const spec = specOf(object);
    const labels = { ...(object.metadata.labels ?? {}), [TARGET_HASH_LABEL]: targetHash(spec.target) };
    return {
      ...object,
      metadata: { ...object.metadata, labels },
      spec: { target: spec.target, from: spec.from, paused: spec.paused === true },
      status: {},
    };
  },
  prepareForUpdate(object, old) {
    const paused = specOf(object).paused;
    const spec = { ...(old.spec as Record<string, unknown>) };
    if (typeof paused === 'boolean') spec.paused = paused;
    return { ...old, spec };
  },
  prepareForStatusUpdate: (_o, old) => old,
  validate(object) {
    const key = keyOf(object);
    const expected = key ? triggerStateName(key) : undefined;
    if (!expected || object.metadata.name === expected) return [];
    return [
      {
        reason: 'FieldValueInvalid',
        field: 'metadata.name',
        message: `must be ${expected}, the name the trigger controllers use for this target and tag`,
      },
    ];
  },
  // the target and tag are what the name hashes: a change of them is ignored, as any other field
  validateUpdate: () => [],
};
