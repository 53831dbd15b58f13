import { describe, expect, it } from 'vitest';
import { formatTriggersAnnotation, parseTriggersAnnotation } from '../../../src/triggers/annotation.js';

const DEPLOY = { namespace: 'web', kind: 'Deployment' };
const path = (name: string) => `spec.template.spec.containers[?(@.name=="${name}")].image`;
const ann = (list: unknown) => JSON.stringify(list);

describe('parseTriggersAnnotation', () => {
  it('parses a trigger with a name selector and defaults the namespace to the object', () => {
    const r = parseTriggersAnnotation(
      ann([{ from: { kind: 'ImageStreamTag', name: 'app:latest' }, fieldPath: path('web') }]),
      DEPLOY,
    );
    expect(r.warnings).toEqual([]);
    expect(r.triggers).toHaveLength(1);
    expect(r.triggers[0]).toMatchObject({
      index: 0,
      from: { namespace: 'web', stream: 'app', tag: 'latest' },
      paused: false,
      container: { prefix: 'spec.template.spec.', list: 'containers', selector: { name: 'web' } },
    });
  });

  it('keeps an explicit from.namespace and paused:true', () => {
    const r = parseTriggersAnnotation(
      ann([
        {
          from: { kind: 'ImageStreamTag', name: 'app:v1', namespace: 'opt' },
          fieldPath: path('web'),
          paused: true,
        },
      ]),
      DEPLOY,
    );
    expect(r.triggers[0]?.from.namespace).toBe('opt');
    expect(r.triggers[0]?.paused).toBe(true);
  });

  it('accepts index selectors and initContainers', () => {
    const r = parseTriggersAnnotation(
      ann([
        {
          from: { kind: 'ImageStreamTag', name: 'a:1' },
          fieldPath: 'spec.template.spec.containers[1].image',
        },
        {
          from: { kind: 'ImageStreamTag', name: 'b:1' },
          fieldPath: 'spec.template.spec.initContainers[0].image',
        },
      ]),
      DEPLOY,
    );
    expect(r.warnings).toEqual([]);
    expect(r.triggers.map((t) => t.container)).toEqual([
      { prefix: 'spec.template.spec.', list: 'containers', selector: { index: 1 } },
      { prefix: 'spec.template.spec.', list: 'initContainers', selector: { index: 0 } },
    ]);
  });

  it('uses the CronJob and Pod prefixes', () => {
    const cron = parseTriggersAnnotation(
      ann([
        {
          from: { kind: 'ImageStreamTag', name: 'a:1' },
          fieldPath: 'spec.jobTemplate.spec.template.spec.containers[0].image',
        },
      ]),
      { namespace: 'n', kind: 'CronJob' },
    );
    expect(cron.triggers).toHaveLength(1);
    const pod = parseTriggersAnnotation(
      ann([{ from: { kind: 'ImageStreamTag', name: 'a:1' }, fieldPath: 'spec.containers[0].image' }]),
      {
        namespace: 'n',
        kind: 'Pod',
      },
    );
    expect(pod.triggers).toHaveLength(1);
  });

  it('rejects a Deployment fieldPath on a CronJob with a warning', () => {
    const r = parseTriggersAnnotation(
      ann([{ from: { kind: 'ImageStreamTag', name: 'a:1' }, fieldPath: path('x') }]),
      {
        namespace: 'n',
        kind: 'CronJob',
      },
    );
    expect(r.triggers).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ index: 0, field: 'fieldPath' })]);
  });

  it('ignores every trigger when paused is the string "false", naming the index and field', () => {
    const r = parseTriggersAnnotation(
      ann([
        { from: { kind: 'ImageStreamTag', name: 'a:1' }, fieldPath: path('a') },
        { from: { kind: 'ImageStreamTag', name: 'b:1' }, fieldPath: path('b'), paused: 'false' },
      ]),
      DEPLOY,
    );
    expect(r.triggers).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ index: 1, field: 'paused' });
    expect(r.warnings[0]?.message).toContain('all triggers ignored');
  });

  it('reports invalid JSON and a non-list as whole-value warnings', () => {
    expect(parseTriggersAnnotation('[{from:', DEPLOY)).toMatchObject({
      triggers: [],
      warnings: [{ index: undefined }],
    });
    expect(parseTriggersAnnotation('{"from":{}}', DEPLOY)).toMatchObject({
      triggers: [],
      warnings: [{ index: undefined }],
    });
  });

  it('treats an absent or blank value as no triggers without warnings', () => {
    expect(parseTriggersAnnotation(undefined, DEPLOY)).toEqual({ triggers: [], warnings: [] });
    expect(parseTriggersAnnotation('  ', DEPLOY)).toEqual({ triggers: [], warnings: [] });
  });

  it('warns about a from.name without a tag and drops only that trigger', () => {
    const r = parseTriggersAnnotation(
      ann([
        { from: { kind: 'ImageStreamTag', name: 'app' }, fieldPath: path('a') },
        { from: { kind: 'ImageStreamTag', name: 'app:1' }, fieldPath: path('b') },
      ]),
      DEPLOY,
    );
    expect(r.triggers.map((t) => t.index)).toEqual([1]);
    expect(r.warnings).toEqual([expect.objectContaining({ index: 0, field: 'from.name' })]);
  });

  it('warns about a kind other than ImageStreamTag', () => {
    const r = parseTriggersAnnotation(
      ann([{ from: { kind: 'DockerImage', name: 'x:1' }, fieldPath: path('a') }]),
      DEPLOY,
    );
    expect(r.triggers).toEqual([]);
    expect(r.warnings[0]).toMatchObject({ index: 0, field: 'from.kind' });
  });

  it('rejects a fieldPath that does not address a container image', () => {
    for (const fieldPath of [
      'spec.template.spec.containers[0].name',
      'spec.template.spec.volumes[0].image',
      'containers[x].image',
    ]) {
      const r = parseTriggersAnnotation(ann([{ from: { kind: 'ImageStreamTag', name: 'a:1' }, fieldPath }]), {
        namespace: 'n',
      });
      expect(r.triggers, fieldPath).toEqual([]);
      expect(r.warnings[0]?.field).toBe('fieldPath');
    }
  });

  it('requires fieldPath in the annotation form', () => {
    const r = parseTriggersAnnotation(ann([{ from: { kind: 'ImageStreamTag', name: 'a:1' } }]), DEPLOY);
    expect(r.triggers).toEqual([]);
    expect(r.warnings[0]?.message).toContain('fieldPath is required');
  });

  it('refuses duplicate triggers for one fieldPath, including the same container written differently', () => {
    const r = parseTriggersAnnotation(
      ann([
        { from: { kind: 'ImageStreamTag', name: 'a:1' }, fieldPath: path('web') },
        {
          from: { kind: 'ImageStreamTag', name: 'b:1' },
          fieldPath: "spec.template.spec.containers[?(@.name=='web')].image",
        },
      ]),
      DEPLOY,
    );
    expect(r.triggers.map((t) => t.from.stream)).toEqual(['a']);
    expect(r.warnings[0]?.message).toContain('duplicate triggers are not allowed');
  });
});

describe('formatTriggersAnnotation', () => {
  it('round-trips, omitting paused:false and the object namespace', () => {
    const value = ann([
      { from: { kind: 'ImageStreamTag', name: 'a:1' }, fieldPath: path('a') },
      {
        from: { kind: 'ImageStreamTag', name: 'b:2', namespace: 'other' },
        fieldPath: path('b'),
        paused: true,
      },
    ]);
    const parsed = parseTriggersAnnotation(value, DEPLOY);
    expect(formatTriggersAnnotation(parsed.triggers, 'web')).toBe(value);
  });
});
