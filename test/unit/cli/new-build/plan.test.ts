import { describe, expect, it } from 'vitest';
import { generateSecret, planNewBuild } from '../../../../src/cli/new-build/plan.js';
import { nameFromGitUrl, parseGitUrl, parseStreamTag } from '../../../../src/cli/new-build/source-args.js';

type Bc = {
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    triggers: { type: string; github?: { secret: string }; generic?: { secret: string } }[];
    source: Record<string, unknown>;
    strategy: Record<string, unknown>;
    output: { to: unknown };
  };
};
const bcOf = (plan: ReturnType<typeof planNewBuild>): Bc => plan.objects.at(-1) as unknown as Bc;
const types = (bc: Bc): string[] => bc.spec.triggers.map((t) => t.type);

describe('new-build, as oc generates it', () => {
  it('BUILDER~GIT_URL: the Source strategy on the builder stream, output NAME:latest, webhooks, ConfigChange, ImageChange', () => {
    const plan = planNewBuild(['ruby:3.3~https://git.example/team/ruby-ex.git#main'], {});
    expect(plan.name).toBe('ruby-ex');
    expect(plan.builder).toEqual({ kind: 'ImageStreamTag', name: 'ruby:3.3' });
    const [is, bc] = plan.objects;
    expect(is).toMatchObject({
      kind: 'ImageStream',
      metadata: { name: 'ruby-ex', labels: { build: 'ruby-ex' } },
      spec: { lookupPolicy: { local: false } },
    });
    expect(bc).toMatchObject({
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: {
        name: 'ruby-ex',
        labels: { build: 'ruby-ex' },
        annotations: { 'openshift.io/generated-by': 'OpenShiftNewBuild' },
      },
      spec: {
        source: { type: 'Git', git: { uri: 'https://git.example/team/ruby-ex.git', ref: 'main' } },
        strategy: { type: 'Source', sourceStrategy: { from: { kind: 'ImageStreamTag', name: 'ruby:3.3' } } },
        output: { to: { kind: 'ImageStreamTag', name: 'ruby-ex:latest' } },
      },
    });
    const b = bcOf(plan);
    expect(types(b)).toEqual(['GitHub', 'Generic', 'ConfigChange', 'ImageChange']);
    expect(b.spec.triggers[0]?.github?.secret).toMatch(/^[\w-]{20}$/);
    expect(b.spec.triggers[0]?.github?.secret).not.toBe(b.spec.triggers[1]?.generic?.secret);
  });

  it('--binary --strategy docker: a binary source, webhooks only (no ConfigChange or ImageChange)', () => {
    const plan = planNewBuild([], { binary: true, strategy: 'docker', name: 'app', imageStream: 'base' });
    const b = bcOf(plan);
    expect(plan.binary).toBe(true);
    expect(b.spec.source).toEqual({ type: 'Binary', binary: {} });
    expect(b.spec.strategy).toEqual({
      type: 'Docker',
      dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } },
    });
    expect(types(b)).toEqual(['GitHub', 'Generic']);
  });

  it('--dockerfile: the Docker strategy, named from --to, env, other namespace builder', () => {
    const plan = planNewBuild([], {
      dockerfile: 'FROM scratch\nCOPY a /a',
      to: 'web:v2',
      imageStream: 'shared/base:1',
      env: [{ name: 'MODE', value: 'prod' }],
    });
    expect(plan.name).toBe('web');
    const b = bcOf(plan);
    expect(b.spec.source).toEqual({ type: 'Dockerfile', dockerfile: 'FROM scratch\nCOPY a /a' });
    expect(b.spec.strategy).toEqual({
      type: 'Docker',
      dockerStrategy: {
        from: { kind: 'ImageStreamTag', name: 'base:1', namespace: 'shared' },
        env: [{ name: 'MODE', value: 'prod' }],
      },
    });
    expect(b.spec.output).toEqual({ to: { kind: 'ImageStreamTag', name: 'web:v2' } });
    expect(plan.objects[0]).toMatchObject({ kind: 'ImageStream', metadata: { name: 'web' } });
  });

  it('--to-docker: a DockerImage output and no image stream', () => {
    const plan = planNewBuild(['git@git.example:team/api.git'], {
      to: 'registry.example/team/api:1',
      toDocker: true,
    });
    expect(plan.objects.map((o) => o.kind)).toEqual(['BuildConfig']);
    expect(bcOf(plan).spec.output).toEqual({
      to: { kind: 'DockerImage', name: 'registry.example/team/api:1' },
    });
    expect(bcOf(plan).spec.strategy).toEqual({ type: 'Docker', dockerStrategy: {} });
    expect(types(bcOf(plan))).toEqual(['GitHub', 'Generic', 'ConfigChange']);
  });

  it('refuses what oc refuses, saying what to give', () => {
    const refused = (args: string[], flags: Parameters<typeof planNewBuild>[1]) => () =>
      planNewBuild(args, flags);
    expect(refused([], {})).toThrow(/you must specify a source code location/);
    expect(refused(['https://g/x.git'], { binary: true })).toThrow(/binary builds and source repositories/);
    expect(refused(['https://g/x.git'], { strategy: 'source' })).toThrow(/needs a builder image/);
    expect(refused(['https://g/x.git'], { strategy: 'pipeline' })).toThrow(
      /supported values are docker and source/,
    );
    expect(refused(['./src'], {})).toThrow(/is not a Git URL/);
    expect(refused([], { binary: true })).toThrow(/give --name/);
    expect(refused([], { binary: true, name: 'App_1' })).toThrow(/--name "App_1"/);
    expect(refused(['a~https://g/x.git'], { imageStream: 'b' })).toThrow(/give one/);
    expect(refused(['https://g/x.git'], { to: 'other/x:1' })).toThrow(/its own namespace/);
    expect(refused(['https://g/x.git'], { toDocker: true })).toThrow(/--to-docker needs --to/);
    expect(refused(['https://g/x.git', 'https://g/y.git'], {})).toThrow(/one source/);
  });
});

describe('new-build source arguments', () => {
  it('parses Git URLs, stream tags and names as oc', () => {
    expect(parseGitUrl('file:///srv/repo.git')).toEqual({ uri: 'file:///srv/repo.git' });
    expect(parseGitUrl('https://g/x.git#v1.2')).toEqual({ uri: 'https://g/x.git', ref: 'v1.2' });
    expect(parseStreamTag('ns/ruby', '-i')).toEqual({
      kind: 'ImageStreamTag',
      name: 'ruby:latest',
      namespace: 'ns',
    });
    expect(() => parseStreamTag('Ruby:3', '-i')).toThrow(/-i "Ruby:3"/);
    expect(nameFromGitUrl('https://g.example/team/Ruby-Ex.git/')).toBe('ruby-ex');
    expect(nameFromGitUrl('git@g.example:team/api.git')).toBe('api');
    expect(nameFromGitUrl('https://g.example/')).toBeUndefined();
    expect(generateSecret()).toHaveLength(20);
  });
});
