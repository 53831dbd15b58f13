import { describe, expect, it } from 'vitest';
import { installEventTable } from '../../../src/notifications/outbound/event-table.js';
import { ResourceRegistry } from '../../../src/server/resources/resource-def.js';

function eventTable() {
  const resources = new ResourceRegistry();
  resources.add({
    group: '',
    version: 'v1',
    resource: 'events',
    singularName: 'event',
    kind: 'Event',
    namespaced: true,
    verbs: ['get', 'list'],
    handler: {},
  });
  installEventTable(resources);
  const table = resources.find('', 'v1', 'events')?.table;
  if (!table) throw new Error('no event table installed');
  return table;
}

const now = new Date('2026-01-10T12:00:00Z');
const event = (fields: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.1', namespace: 'default', creationTimestamp: '2026-01-10T11:59:00Z' },
  type: 'Normal',
  reason: 'Imported',
  message: 'tag latest imported',
  ...fields,
});

describe('kubectl get events columns', () => {
  it('show the involved object and the reporting component', () => {
    const cells = eventTable().cells(
      event({
        involvedObject: { kind: 'ImageStream', name: 'web', fieldPath: 'spec.tags{latest}' },
        source: { component: 'imagestreams-importer' },
      }),
      now,
    );
    expect(cells.slice(1, 6)).toEqual([
      'Normal',
      'Imported',
      'imagestream/web',
      'spec.tags{latest}',
      'imagestreams-importer',
    ]);
  });

  it('show an involved object or source of another shape as empty cells, never an error', () => {
    const cells = eventTable().cells(
      event({ involvedObject: 'web', source: { component: 7 }, reportingComponent: 'builder' }),
      now,
    );
    expect(cells.slice(3, 6)).toEqual(['/', '', 'builder']);
  });
});
