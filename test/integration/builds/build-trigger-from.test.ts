/**
 * An ImageChange trigger with an explicit `from` other than the strategy's, against the real
 * server with the build controller on (an engine that is not there: builds are created, then
 * fail): a build per new image of the followed tag, recorded in status.imageChangeTriggers, the
 * strategy's base image kept; and the validation of several triggers.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { connectDocker } from '../../../src/triggers/targets/docker/engine.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { until } from '../../support/until.js';

const NS = 'trig';
const BC = `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`;
const BUILDS = `/apis/build.openshift.io/v1/namespaces/${NS}/builds`;
const IMG = `/apis/image.openshift.io/v1/namespaces/${NS}`;
const digest = (c: string) => `sha256:${c.repeat(64)}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read by path in assertions
type Body = Record<string, any>;

describe('ImageChange trigger with an explicit from', () => {
  let api: TestApiServer;
  const call = async (
    method: string,
    path: string,
    body?: object,
  ): Promise<{ status: number; body: Body }> => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Body };
  };
  const tag = (stream: string, d: string) =>
    call('POST', `${IMG}/imagestreammappings`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: stream },
      image: { metadata: { name: d }, dockerImageReference: `quay.io/team/${stream}@${d}` },
      tag: 'latest',
    });
  const bc = (name: string, triggers: object[]) => ({
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name },
    spec: {
      source: { dockerfile: 'FROM base\nRUN true\n' },
      strategy: { dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } } },
      output: {},
      triggers,
    },
  });
  const builds = async () =>
    ((await call('GET', BUILDS)).body.items as Body[]).filter((b) => b.metadata.name.startsWith('web-'));

  beforeAll(async () => {
    api = await startTestApiServer({
      extensions: [
        buildsExtension({ docker: connectDocker(`unix://${join(tmpdir(), 'is-no-docker.sock')}`) }),
      ],
    });
    for (const name of ['base', 'tools'])
      await call('POST', `${IMG}/imagestreams`, {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name },
      });
    await tag('base', digest('b'));
    await tag('tools', digest('1'));
  });
  afterAll(async () => api?.close());

  it('starts a build once per new image of the tag, records it, and keeps the base image', async () => {
    const from = { kind: 'ImageStreamTag', name: 'tools:latest' };
    expect((await call('POST', BC, bc('web', [{ type: 'ImageChange', imageChange: { from } }]))).status).toBe(
      201,
    );
    const first = await until('build 1', async () => (await builds()).length === 1 && builds(), 10_000);
    expect(first[0]?.spec.triggeredBy[0].imageChangeBuild).toEqual({
      imageID: `quay.io/team/tools@${digest('1')}`,
      fromRef: { kind: 'ImageStreamTag', name: 'tools:latest', namespace: NS },
    });
    // the trigger's image is not the build's base image: the strategy's tag is
    expect(first[0]?.spec.strategy.dockerStrategy.from).toEqual({
      kind: 'DockerImage',
      name: `quay.io/team/base@${digest('b')}`,
    });
    const status = (await call('GET', `${BC}/web`)).body.status;
    expect(status.imageChangeTriggers).toEqual([
      expect.objectContaining({
        from: { name: 'tools:latest' },
        lastTriggeredImageID: `quay.io/team/tools@${digest('1')}`,
      }),
    ]);
    // the same image again, or the strategy's tag moving: no build
    await tag('tools', digest('1'));
    await tag('base', digest('c'));
    await new Promise((r) => setTimeout(r, 700));
    expect(await builds()).toHaveLength(1);
    await tag('tools', digest('2'));
    const second = await until('build 2', async () => (await builds()).length === 2 && builds(), 10_000);
    const b2 = second.find((b) => b.metadata.name === 'web-2');
    expect(b2?.spec.triggeredBy[0].imageChangeBuild.imageID).toBe(`quay.io/team/tools@${digest('2')}`);
    expect(b2?.spec.strategy.dockerStrategy.from.name).toBe(`quay.io/team/base@${digest('c')}`);
    await new Promise((r) => setTimeout(r, 700));
    expect(await builds()).toHaveLength(2);
    const after = (await call('GET', `${BC}/web`)).body.status;
    expect(after.lastVersion).toBe(2);
    expect(after.imageChangeTriggers[0].lastTriggeredImageID).toBe(`quay.io/team/tools@${digest('2')}`);
  });

  it('refuses two triggers without from, and a from that is not an ImageStreamTag', async () => {
    const two = await call(
      'POST',
      BC,
      bc('two', [{ type: 'ImageChange', imageChange: {} }, { type: 'ImageChange' }]),
    );
    expect(two.status).toBe(422);
    expect(two.body.details.causes).toContainEqual(
      expect.objectContaining({ field: 'spec.triggers[1]', reason: 'FieldValueDuplicate' }),
    );
    const docker = await call(
      'POST',
      BC,
      bc('docker', [
        { type: 'ImageChange', imageChange: { from: { kind: 'DockerImage', name: 'quay.io/x:1' } } },
      ]),
    );
    expect(docker.status).toBe(422);
    expect(docker.body.details.causes).toContainEqual(
      expect.objectContaining({
        field: 'spec.triggers[0].imageChange.from.kind',
        reason: 'FieldValueNotSupported',
      }),
    );
    const both = await call(
      'POST',
      BC,
      bc('both', [
        { type: 'ImageChange', imageChange: {} },
        { type: 'ImageChange', imageChange: { from: { kind: 'ImageStreamTag', name: 'tools:latest' } } },
      ]),
    );
    expect(both.status).toBe(201);
  });
});
