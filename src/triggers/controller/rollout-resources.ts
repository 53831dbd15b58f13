/**
 * `rollouts.imagestreams.io` and `triggerstates.imagestreams.io`, so that `kubectl get rollouts`
 * and `kubectl get triggerstates -o yaml` show what the triggers did and why (delete too:
 * deleting a TriggerState forgets its rejected digests). The user writes are the decision on a
 * Rollout awaiting approval (gates/rollout-strategy.ts) and a TriggerState's pause
 * (trigger-state-strategy.ts).
 */
import type { KubeObject } from '../../api/object.js';
import type { Strategy } from '../../api/strategy.js';
import type { ResourceDef } from '../../server/resources/resource-def.js';
import { storedResource } from '../../server/resources/stored-resource.js';
import { NAME_COLUMN, type TableColumn, type TableConvertor } from '../../server/table/table.js';
import type { ResourceType, Store } from '../../store/store.js';
import { rolloutStrategy } from '../gates/rollout-strategy.js';
import { triggerStateStrategy } from './trigger-state-strategy.js';
import { rolloutRow, triggerStateRow } from './rollout-columns.js';
import { ROLLOUTS, TRIGGER_STATES, TRIGGERS_API_GROUP, TRIGGERS_API_VERSION } from '../rollout-store.js';

const column = (name: string, description: string, priority = 0): TableColumn => ({
  name,
  type: 'string',
  format: '',
  description,
  priority,
});

interface TriggerKind<T extends KubeObject> {
  type: ResourceType<T>;
  kind: string;
  strategy: Strategy<T>;
  verbs: ResourceDef['verbs'];
  table: TableConvertor;
}

function def<T extends KubeObject>(store: Store, k: TriggerKind<T>): ResourceDef {
  return {
    group: TRIGGERS_API_GROUP,
    version: 'v1',
    resource: k.type.resource,
    singularName: k.kind.toLowerCase(),
    kind: k.kind,
    namespaced: true,
    verbs: k.verbs,
    categories: ['imagetriggers'],
    handler: storedResource(store, {
      type: k.type,
      apiVersion: TRIGGERS_API_VERSION,
      kind: k.kind,
      listKind: `${k.kind}List`,
      namespaced: true,
      strategy: k.strategy,
      statusSubresource: false,
    }),
    table: k.table,
  };
}

export function rolloutResources(store: Store): ResourceDef[] {
  return [
    def(store, {
      type: ROLLOUTS,
      kind: 'Rollout',
      strategy: rolloutStrategy,
      // a held Rollout takes the user's decision (spec.approval), by update or patch
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      table: {
        columns: [
          NAME_COLUMN,
          column('Target', 'The containers rolled'),
          column('Tag', 'The image stream tag followed'),
          column('From', 'Digest before'),
          column('To', 'Digest rolled to'),
          column(
            'Phase',
            'Waiting, AwaitingApproval, Running, Succeeded, RolledBack, Failed, Rejected, Superseded or Skipped',
          ),
          column('Age', 'When the rollout started'),
          column('Reason', 'Why it did not succeed', 1),
        ],
        cells: (o, now) => {
          const row = rolloutRow(o, now);
          return [...row.cells, ...row.wide];
        },
      },
    }),
    def(store, {
      type: TRIGGER_STATES,
      kind: 'TriggerState',
      strategy: triggerStateStrategy,
      // a TriggerState takes the user's pause (spec.paused), created when the target has none yet
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      table: {
        columns: [
          NAME_COLUMN,
          column('Target', 'The containers that follow the tag'),
          column('Tag', 'The image stream tag followed'),
          column('Last Triggered', 'The digest last acted on'),
          column('Rejected', 'Digests that failed a health gate'),
          column('Warnings', 'Problems with the trigger labels'),
          column('Paused', 'Whether a user paused the trigger (isctl rollout pause)'),
        ],
        cells: (o) => triggerStateRow(o).cells,
      },
    }),
  ];
}
