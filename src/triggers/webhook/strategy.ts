/** How the API server treats WebhookTrigger objects: users own spec, the controller owns status. */
import { zodCauses } from '../../api/decode.js';
import { toPlainJson } from '../../api/decode.js';
import type { KubeObject } from '../../api/object.js';
import { invalid } from '../../api/status-error.js';
import type { Strategy } from '../../api/strategy.js';
import { validateLabelsAndAnnotations } from '../../api/validation/labels.js';
import { gateCauses } from '../gates/gates.js';
import { TRIGGERS_API_GROUP } from '../rollout-store.js';
import { WEBHOOK_TRIGGER_KIND, WebhookTriggerSchema, type WebhookTrigger } from './schema.js';

function specChanged(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(a.spec) !== JSON.stringify(b.spec);
}

export const webhookTriggerStrategy: Strategy<WebhookTrigger> = {
  kind: WEBHOOK_TRIGGER_KIND,
  group: TRIGGERS_API_GROUP,
  decode(input) {
    const result = WebhookTriggerSchema.safeParse(input, { reportInput: true });
    if (!result.success) {
      const name = (input as { metadata?: { name?: unknown } } | null)?.metadata?.name;
      throw invalid(
        {
          group: TRIGGERS_API_GROUP,
          kind: WEBHOOK_TRIGGER_KIND,
          resource: 'webhooktriggers',
          ...(typeof name === 'string' ? { name } : {}),
        },
        zodCauses(result.error),
      );
    }
    return toPlainJson(result.data);
  },
  prepareForCreate(object) {
    const { status: _ignored, ...rest } = object;
    return { ...rest, metadata: { ...object.metadata, generation: 1 } };
  },
  prepareForUpdate(object, old) {
    const next: WebhookTrigger = { ...object };
    if (old.status === undefined) delete next.status;
    else next.status = old.status;
    const generation = old.metadata.generation ?? 1;
    next.metadata = {
      ...object.metadata,
      generation: specChanged(object, old) ? generation + 1 : generation,
    };
    return next;
  },
  prepareForStatusUpdate(object, old) {
    const labels = object.metadata.labels;
    const annotations = object.metadata.annotations;
    const metadata = { ...old.metadata };
    if (labels) metadata.labels = labels;
    if (annotations) metadata.annotations = annotations;
    return { ...old, metadata, status: object.status };
  },
  // a malformed rollout gate (imagestreams.io/rollout-window, …) is refused, naming the annotation
  validate: (o) => [...validateLabelsAndAnnotations(o.metadata), ...gateCauses(o.metadata.annotations)],
  validateUpdate: (o) => [...validateLabelsAndAnnotations(o.metadata), ...gateCauses(o.metadata.annotations)],
};
