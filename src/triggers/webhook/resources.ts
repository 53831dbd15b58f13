/** `webhooktriggers.imagestreams.io`: created and edited by users, status written by the controller. */
import type { KubeObject } from '../../api/object.js';
import { checkSourceAccess } from '../../server/auth/source-access.js';
import type { RequestScope, ResourceDef } from '../../server/resources/resource-def.js';
import { storedResource } from '../../server/resources/stored-resource.js';
import { age, NAME_COLUMN, type TableColumn } from '../../server/table/table.js';
import { WEBHOOK_TRIGGERS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { shortDigest } from '../controller/rollout-columns.js';
import { TRIGGERS_API_GROUP } from '../rollout-store.js';
import { WEBHOOK_TRIGGER_API_VERSION, WEBHOOK_TRIGGER_KIND, type WebhookTrigger } from './schema.js';
import { webhookTriggerStrategy } from './strategy.js';

const column = (name: string, description: string, priority = 0): TableColumn => ({
  name,
  type: 'string',
  format: '',
  description,
  priority,
});

/** NAME FROM PAUSED LAST DIGEST RESULT AGE (+ URL wide): the URL may name a private host, so only wide. */
function webhookTriggerCells(o: KubeObject, now: Date): string[] {
  const t = o as WebhookTrigger;
  return [
    t.metadata.name,
    t.spec.from.name,
    t.spec.paused === true ? 'true' : 'false',
    t.status?.lastDigest ? shortDigest(t.status.lastDigest) : '',
    t.status?.lastResult ?? '',
    age(t.metadata.creationTimestamp, now),
    t.spec.url,
  ];
}

/**
 * A trigger that follows a tag in another namespace reveals that tag's digests (to its URL), so
 * setting or changing `from` needs the user's read grant in the tag's namespace, as tag sources do.
 */
async function checkFromAccess(
  t: WebhookTrigger,
  old: WebhookTrigger | undefined,
  scope: RequestScope,
): Promise<WebhookTrigger> {
  const from = t.spec.from;
  const own = t.metadata.namespace ?? scope.info.namespace ?? '';
  const namespace = from.namespace ?? own;
  const before = old?.spec.from;
  const unchanged = before && (before.namespace ?? own) === namespace && before.name === from.name;
  if (namespace === own || unchanged) return t;
  const stream = from.name.split(':')[0] ?? '';
  await checkSourceAccess(
    scope.user,
    { name: t.metadata.name, group: TRIGGERS_API_GROUP, kind: WEBHOOK_TRIGGERS.resource },
    [{ namespace, name: stream, field: 'spec.from' }],
  );
  return t;
}

export function webhookTriggerResource(store: Store): ResourceDef {
  return {
    group: TRIGGERS_API_GROUP,
    version: 'v1',
    resource: WEBHOOK_TRIGGERS.resource,
    singularName: 'webhooktrigger',
    kind: WEBHOOK_TRIGGER_KIND,
    namespaced: true,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['wht'],
    categories: ['imagetriggers'],
    subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
    handler: storedResource(store, {
      type: WEBHOOK_TRIGGERS,
      apiVersion: WEBHOOK_TRIGGER_API_VERSION,
      kind: WEBHOOK_TRIGGER_KIND,
      listKind: `${WEBHOOK_TRIGGER_KIND}List`,
      namespaced: true,
      strategy: webhookTriggerStrategy,
      statusSubresource: true,
      resolve: checkFromAccess,
    }),
    table: {
      columns: [
        NAME_COLUMN,
        column('From', 'The image stream tag followed'),
        column('Paused', 'Whether the trigger is paused'),
        column('Last Digest', 'The digest last fired for'),
        column('Result', 'Success or Failure of the last delivery'),
        column('Age', 'When the trigger was created'),
        column('URL', 'Where the CloudEvent is sent', 1),
      ],
      cells: (o, now) => webhookTriggerCells(o, now),
    },
  };
}
