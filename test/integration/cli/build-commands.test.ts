/**
 * `isctl new-build` and `isctl describe build` (the built CLI) against the real server, serving
 * the builds API without running builds: what new-build creates (and what --dry-run and -o do
 * not), oc's refusals, and a Build described in oc's layout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { BUILD_CONFIGS, BUILDS, IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import type { ResourceType } from '../../../src/store/store.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { buildProject, runCli, type CliResult } from './cli-harness.js';

const NS = 'nb';
let api: TestApiServer;

const isctl = (args: string[]): Promise<CliResult> => runCli([...args, '--server', api.url, '-n', NS]);
const stored = <T extends KubeObject>(type: ResourceType<T>, name: string) =>
  api.server.store.get(type, NS, name);

beforeAll(async () => {
  await buildProject();
  api = await startTestApiServer({ extensions: [buildsExtension({ enabled: false })] });
}, 180_000);

afterAll(async () => {
  await api?.close();
});

describe('isctl new-build', () => {
  it('creates the output image stream and a binary Docker BuildConfig, and says so as oc', async () => {
    const r = await isctl(['new-build', '--binary', '--strategy', 'docker', '--name', 'bin']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '--> Creating resources with label build=bin ...',
        '    imagestream.image.openshift.io "bin" created',
        '    buildconfig.build.openshift.io "bin" created',
        '--> Success',
        "    Use 'isctl start-build bin --from-dir=DIR' to upload the source and start a build.",
        '',
      ].join('\n'),
    );
    const bc = (await stored(BUILD_CONFIGS, 'bin')) as unknown as {
      metadata: { labels: Record<string, string> };
      spec: { source: object; strategy: object; triggers: { type: string }[]; runPolicy: string };
    };
    expect(bc.metadata.labels).toEqual({ build: 'bin' });
    expect(bc.spec.source).toEqual({ type: 'Binary', binary: {} });
    expect(bc.spec.strategy).toMatchObject({ type: 'Docker' });
    expect(bc.spec.triggers.map((t) => t.type)).toEqual(['GitHub', 'Generic']);
    expect(bc.spec.runPolicy).toBe('Serial'); // the server's default, as oc leaves it to the server
    expect(await stored(IMAGE_STREAMS, 'bin')).toMatchObject({ metadata: { labels: { build: 'bin' } } });
  });

  it('BUILDER~GIT_URL needs the builder stream; then a Source BuildConfig with ConfigChange and ImageChange', async () => {
    const missing = await isctl(['new-build', 'ruby:3.3~https://git.example/team/ruby-ex.git']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('unable to locate an image stream named "ruby" in namespace "nb"');
    expect(await stored(BUILD_CONFIGS, 'ruby-ex')).toBeUndefined();

    await api.server.store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'ruby', namespace: NS },
    });
    const r = await isctl([
      'new-build',
      'ruby:3.3~https://git.example/team/ruby-ex.git#main',
      '-e',
      'RACK_ENV=production',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Build scheduled, use 'isctl logs -f bc/ruby-ex' to track its progress.");
    expect(await stored(BUILD_CONFIGS, 'ruby-ex')).toMatchObject({
      spec: {
        source: { git: { uri: 'https://git.example/team/ruby-ex.git', ref: 'main' } },
        strategy: {
          type: 'Source',
          sourceStrategy: {
            from: { kind: 'ImageStreamTag', name: 'ruby:3.3' },
            env: [{ name: 'RACK_ENV', value: 'production' }],
          },
        },
        output: { to: { kind: 'ImageStreamTag', name: 'ruby-ex:latest' } },
        triggers: [
          { type: 'GitHub' },
          { type: 'Generic' },
          { type: 'ConfigChange' },
          { type: 'ImageChange' },
        ],
      },
    });
  });

  it('--dry-run and -o yaml create nothing; a second new-build keeps the stream and is refused for the BuildConfig', async () => {
    const dry = await isctl(['new-build', '--dockerfile', 'FROM scratch', '--name', 'dry', '--dry-run']);
    expect(dry.stdout).toContain('    buildconfig.build.openshift.io "dry" created (dry run)');
    const yaml = await isctl(['new-build', '--dockerfile', 'FROM scratch', '--name', 'dry', '-o', 'yaml']);
    expect(yaml.stdout).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: image\.openshift\.io\/v1\n/);
    expect(yaml.stdout).toContain('dockerfile: FROM scratch');
    expect(await stored(BUILD_CONFIGS, 'dry')).toBeUndefined();
    expect(await stored(IMAGE_STREAMS, 'dry')).toBeUndefined();

    const again = await isctl(['new-build', '--binary', '--strategy', 'docker', '--name', 'bin']);
    expect(again.code).not.toBe(0);
    expect(again.stdout).toContain('imagestream.image.openshift.io "bin" already exists, used as the output');
    expect(again.stderr).toMatch(/already exists/);
  });

  it('refuses a local directory, as the server is not where the source is', async () => {
    const r = await isctl(['new-build', './app']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('"./app" is not a Git URL');
  });
});

describe('isctl describe build', () => {
  it("shows a build in oc's layout", async () => {
    expect((await isctl(['new-build', '--dockerfile', 'FROM scratch\nLABEL a=b', '--name', 'df'])).code).toBe(
      0,
    );
    const started = await isctl(['start-build', 'df']);
    expect(started.stdout).toBe('build.build.openshift.io/df-1 started\n');
    const r = await isctl(['describe', 'build', 'df-1']);
    expect(r.stderr).toBe('');
    const text = r.stdout.replace(/[ \t]+/g, ' ');
    expect(text).toMatch(/^Name: df-1\nNamespace: nb\nCreated: \S+\n/);
    expect(text).toContain('Labels: build=df\n');
    expect(text).toMatch(
      /\nStatus: New\nDuration: waiting for \d+s\n\nBuild Config: df\n\nStrategy: Docker\n/,
    );
    expect(text).toContain('Dockerfile:\n FROM scratch\n LABEL a=b\n');
    expect(text).toContain('Output to: ImageStreamTag df:latest\n');
    expect(text).toContain('\nBuild trigger cause: Manually triggered\n');
    expect(await stored(BUILDS, 'df-1')).toBeDefined();
    const both = await isctl(['describe', 'build/df-1', 'bc/df']);
    expect(both.stdout).toMatch(/^Name:\s+df-1$[\s\S]*^Latest Version:\s+1$/m);
    const none = await isctl(['describe', 'build', 'df-9']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('"df-9" not found');
  });
});
