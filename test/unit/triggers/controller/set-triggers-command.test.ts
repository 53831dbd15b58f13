import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSetTriggers, setTriggersCommand } from '../../../../src/cli/commands/set-triggers.js';
import { parseDockerTriggerLabels } from '../../../../src/triggers/index.js';

let dir: string;
let manifest: string;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  annotations:
    image.openshift.io/triggers: '[{"from":{"kind":"ImageStreamTag","name":"old:v1"},"fieldPath":"spec.jobTemplate.spec.template.spec.containers[?(@.name==\\"job\\")].image","paused":"false"}]'
`;

function capture(): {
  out: string[];
  err: string[];
  io: { stdout: (t: string) => void; stderr: (t: string) => void };
} {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) } };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'set-triggers-'));
  manifest = join(dir, 'app.yaml');
  await writeFile(manifest, DEPLOYMENT);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('isctl set triggers -f', () => {
  it('prints every manifest with the trigger annotation added for the named container', async () => {
    const c = capture();
    await setTriggersCommand(
      [],
      { filename: [manifest], fromImage: 'app:latest', containers: ['web'] },
      c.io,
    );
    const docs = parseAllDocuments(c.out.join('')).map(
      (d) => d.toJS() as { kind: string; metadata: { annotations?: Record<string, string> } },
    );
    expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'CronJob']);
    const value = JSON.parse(
      docs[0]?.metadata.annotations?.['image.openshift.io/triggers'] ?? '[]',
    ) as unknown[];
    expect(value).toEqual([
      {
        from: { kind: 'ImageStreamTag', name: 'app:latest' },
        fieldPath: 'spec.template.spec.containers[?(@.name=="web")].image',
      },
    ]);
    // the CronJob's broken annotation (a string "paused") is reported, not silently dropped
    expect(c.err.join('')).toMatch(/cronjob\/nightly: paused/);
  });

  it('removes the annotation entirely with --remove-all', async () => {
    const c = capture();
    await setTriggersCommand([], { filename: [manifest], removeAll: true }, c.io);
    expect(c.out.join('')).not.toContain('image.openshift.io/triggers');
  });

  it('lists the triggers without a change flag, as oc does', async () => {
    const c = capture();
    const withTrigger = join(dir, 'with.yaml');
    const updated = capture();
    await setTriggersCommand(
      [],
      { filename: [manifest], fromImage: 'other/app:v2', containers: ['web'], manual: true },
      updated.io,
    );
    await writeFile(withTrigger, updated.out.join(''));
    await setTriggersCommand([], { filename: [withTrigger] }, c.io);
    expect(c.out.join('')).toContain('deployment/web\timage\tother/app:v2 (web)\tfalse');
  });

  it('refuses contradictory flags as the user’s mistake', async () => {
    await expect(
      setTriggersCommand(
        [],
        { filename: [manifest], fromImage: 'app:latest', containers: ['web'], auto: true, manual: true },
        capture().io,
      ),
    ).rejects.toThrow(/mutually exclusive/);
  });
});

describe('isctl set triggers container/NAME', () => {
  it('prints the follow label to recreate the container with, which the Docker target parses back', async () => {
    const c = capture();
    await setTriggersCommand(['container/web'], { fromImage: 'team/app:latest' }, c.io);
    const text = c.out.join('');
    expect(text).toContain(`docker run --label 'imagestreams.io/follow=team/app:latest'`);
    const compose = parse(text.slice(text.indexOf('labels:'))) as { labels: Record<string, string> };
    expect(parseDockerTriggerLabels(compose.labels, { containerName: 'web' }).trigger?.from).toEqual({
      namespace: 'team',
      stream: 'app',
      tag: 'latest',
    });
  });

  it('prints a paused triggers label for --manual', async () => {
    const c = capture();
    await setTriggersCommand(['compose/web'], { fromImage: 'app:latest', manual: true }, c.io);
    const compose = parse(c.out.join('').slice(c.out.join('').indexOf('labels:'))) as {
      labels: Record<string, string>;
    };
    const parsed = parseDockerTriggerLabels(compose.labels, { containerName: 'proj-web-1', service: 'web' });
    expect(parsed.warnings).toEqual([]);
    expect(parsed.trigger?.paused).toBe(true);
  });

  it('is registered as `set triggers` with oc’s flags', async () => {
    const program = new Command().exitOverride();
    registerSetTriggers(program);
    const set = program.commands.find((cmd) => cmd.name() === 'set');
    const triggers = set?.commands.find((cmd) => cmd.name() === 'triggers');
    expect(triggers?.options.map((o) => o.long)).toEqual(
      expect.arrayContaining([
        '--from-image',
        '--containers',
        '--auto',
        '--manual',
        '--remove',
        '--remove-all',
        '--filename',
      ]),
    );
  });
});
