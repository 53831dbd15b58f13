/**
 * TriggerStates are the controllers' memory (status: the last digest acted on, rejected digests,
 * warnings); the user's half is `spec.paused`, what `isctl rollout pause|resume` and the console
 * write. A user may create one (a target that never rolled out has none yet) under the name the
 * controllers use for its target and tag, and may change only `spec.paused` afterwards (anything
 * else a user changes is ignored, as on a Rollout); status is never taken from a user (the controllers write it to the store directly and keep the spec).
 */
import { z } from 'zod';
import type { Strategy } from '../../api/strategy.js';
import type { TriggerStateObject } from '../rollout-objects.js';
import { decodeTriggerObject, triggerObjectMeta } from '../rollout-objects-decode.js';
import { TARGET_HASH_LABEL, targetHash, triggerStateName, TRIGGERS_API_GROUP } from '../rollout-store.js';
import { parseStreamTag } from '../trigger.js';

const TARGET = /^(docker:(container|compose)\/|kubernetes:[a-z]+\/|webhook:)[^\s]+$/;

const TriggerStateInputSchema = z.object({
  ...triggerObjectMeta(),
  spec: z.object({
    target: z
      .string()
      .regex(TARGET, 'must be a target as Rollouts name it (docker:…, kubernetes:…, webhook:…)'),
    from: z.object({
      kind: z.literal('ImageStreamTag'),
      name: z.string().refine((n) => parseStreamTag(n) !== undefined, 'must be STREAM:TAG'),
    }),
    paused: z.boolean().optional(),
  }),
});

/** The key the controllers name this state by; undefined when the spec does not make one. */
function keyOf(o: TriggerStateObject) {
  const tag = parseStreamTag(o.spec.from.name);
  if (!tag) return undefined;
  return { target: o.spec.target, from: { namespace: o.metadata.namespace ?? '', ...tag } };
}

export const triggerStateStrategy: Strategy<TriggerStateObject> = {
  kind: 'TriggerState',
  group: TRIGGERS_API_GROUP,
  decode: (input) =>
    decodeTriggerObject(TriggerStateInputSchema, { resource: 'triggerstates', kind: 'TriggerState' }, input),
  prepareForCreate(object) {
    const { target, from, paused } = object.spec;
    const labels = { ...(object.metadata.labels ?? {}), [TARGET_HASH_LABEL]: targetHash(target) };
    return {
      ...object,
      metadata: { ...object.metadata, labels },
      spec: { target, from, paused: paused === true },
      status: {},
    };
  },
  prepareForUpdate(object, old) {
    const { paused } = object.spec;
    return { ...old, spec: { ...old.spec, ...(paused === undefined ? {} : { paused }) } };
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
