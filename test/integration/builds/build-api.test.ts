/**
 * build.openshift.io/v1 over HTTP against the real server: defaults, validation errors naming the
 * field, instantiate (names, numbers, labels, causes, the builder image pinned by digest), and
 * kubectl's view (short names, oc's columns).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { runKubectl, startTestApiServer, type TestApiServer } from '../../support/api-server.js';

const NS = 'apps';
const BC = `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`;
const BUILDS = `/apis/build.openshift.io/v1/namespaces/${NS}/builds`;
const IMG = `/apis/image.openshift.io/v1/namespaces/${NS}`;
const BASE_DIGEST = `sha256:${'b'.repeat(64)}`;
/** the registry serving the streams, where `Local` tags resolve */
const REGISTRY_HOST = 'registry.test:5000';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read by path in assertions
type Body = Record<string, any>;
interface Res {
  status: number;
  body: Body;
}

describe('build.openshift.io/v1 API', () => {
  let api: TestApiServer;
  const call = async (method: string, path: string, body?: object): Promise<Res> => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Body };
  };
  const bc = (name: string, spec: object) => ({
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name },
    spec,
  });
  const dockerSpec = (extra: object = {}) => ({
    source: { dockerfile: 'FROM base\nRUN true\n' },
    strategy: { dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } } },
    output: { to: { kind: 'ImageStreamTag', name: 'app:latest' } },
    triggers: [{ type: 'ImageChange', imageChange: {} }],
    ...extra,
  });
  const causes = (r: Res) => (r.body.details?.causes ?? []) as { field: string; message: string }[];

  beforeAll(async () => {
    api = await startTestApiServer({
      extensions: [buildsExtension({ enabled: false })],
      dockerImageRepositoryHost: REGISTRY_HOST,
    });
    await call('POST', `${IMG}/imagestreams`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'base' },
    });
    await call('POST', `${IMG}/imagestreammappings`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'base' },
      image: { metadata: { name: BASE_DIGEST }, dockerImageReference: `quay.io/team/base@${BASE_DIGEST}` },
      tag: 'latest',
    });
  });
  afterAll(async () => api?.close());

  it('defaults runPolicy, history limits and the strategy and source types as openshift-apiserver', async () => {
    const r = await call('POST', BC, bc('web', dockerSpec()));
    expect(r.status).toBe(201);
    expect(r.body.spec).toMatchObject({
      runPolicy: 'Serial',
      successfulBuildsHistoryLimit: 5,
      failedBuildsHistoryLimit: 5,
      strategy: { type: 'Docker' },
      source: { type: 'Dockerfile' },
    });
    expect(r.body.status).toEqual({ lastVersion: 0 });
  });

  it('refuses an unknown strategy, naming the field', async () => {
    const r = await call(
      'POST',
      BC,
      bc('bad1', dockerSpec({ strategy: { type: 'Kaniko', dockerStrategy: {} } })),
    );
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('Invalid');
    expect(causes(r)).toContainEqual(
      expect.objectContaining({ field: 'spec.strategy.type', reason: 'FieldValueNotSupported' }),
    );
  });

  it('refuses a default ImageChange trigger when the strategy has no from', async () => {
    const r = await call('POST', BC, bc('bad2', dockerSpec({ strategy: { dockerStrategy: {} } })));
    expect(r.status).toBe(422);
    expect(causes(r)).toContainEqual(
      expect.objectContaining({ field: 'spec.triggers[0].imageChange.from', reason: 'FieldValueRequired' }),
    );
  });

  it('refuses a from without a name, no strategy at all, and an output into another namespace', async () => {
    const noName = await call(
      'POST',
      BC,
      bc('bad3', dockerSpec({ strategy: { dockerStrategy: { from: { kind: 'ImageStreamTag' } } } })),
    );
    expect(causes(noName)).toContainEqual(
      expect.objectContaining({
        field: 'spec.strategy.dockerStrategy.from.name',
        reason: 'FieldValueRequired',
      }),
    );
    const none = await call('POST', BC, bc('bad4', { source: { dockerfile: 'FROM x' } }));
    expect(causes(none)).toContainEqual(expect.objectContaining({ field: 'spec.strategy' }));
    const away = await call(
      'POST',
      BC,
      bc(
        'bad5',
        dockerSpec({ output: { to: { kind: 'ImageStreamTag', name: 'app:latest', namespace: 'other' } } }),
      ),
    );
    expect(away.status).toBe(422);
    expect(causes(away)).toContainEqual(expect.objectContaining({ field: 'spec.output.to.namespace' }));
    expect((await call('GET', `${BC}/bad5`)).status).toBe(404);
  });

  it('instantiates builds <bc>-<n> with labels, causes and the builder image pinned by digest', async () => {
    const request = { kind: 'BuildRequest', apiVersion: 'build.openshift.io/v1', metadata: { name: 'web' } };
    const first = await call('POST', `${BC}/web/instantiate`, request);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      kind: 'Build',
      metadata: {
        name: 'web-1',
        labels: { 'openshift.io/build-config.name': 'web', buildconfig: 'web' },
        annotations: { 'openshift.io/build-config.name': 'web', 'openshift.io/build.number': '1' },
      },
      spec: {
        triggeredBy: [{ message: 'Manually triggered' }],
        strategy: {
          dockerStrategy: { from: { kind: 'DockerImage', name: `quay.io/team/base@${BASE_DIGEST}` } },
        },
      },
      status: { phase: 'New', config: { kind: 'BuildConfig', name: 'web', namespace: NS } },
    });
    const second = await call('POST', `${BC}/web/instantiate`, request);
    expect(second.body.metadata.name).toBe('web-2');
    expect((await call('GET', `${BC}/web`)).body.status.lastVersion).toBe(2);
    const stale = await call('POST', `${BC}/web/instantiate`, { ...request, lastVersion: 1 });
    expect(stale.status).toBe(409);
    expect((await call('GET', `${BUILDS}/web-2`)).body.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'BuildConfig',
      name: 'web',
    });
  });

  it('keeps a build spec immutable and its status the controller’s', async () => {
    const b = (await call('GET', `${BUILDS}/web-1`)).body;
    const edited = await call('PUT', `${BUILDS}/web-1`, {
      ...b,
      spec: { ...b.spec, source: { dockerfile: 'FROM evil' } },
    });
    expect(edited.status).toBe(422);
    expect(causes(edited)).toContainEqual(expect.objectContaining({ field: 'spec' }));
    const phase = await call('PUT', `${BUILDS}/web-1`, { ...b, status: { phase: 'Complete' } });
    expect(phase.status).toBe(200);
    expect(phase.body.status.phase).toBe('New');
  });

  it('shows builds and buildconfigs in kubectl with oc’s short names and columns', async () => {
    const bcs = await runKubectl(api.kubeconfig, ['get', 'bc', '-n', NS]);
    expect(bcs.stderr).toBe('');
    const [head, row] = bcs.stdout.trim().split('\n');
    expect(head!.split(/\s+/)).toEqual(['NAME', 'TYPE', 'FROM', 'LATEST']);
    expect(row!.split(/\s+/)).toEqual(['web', 'Docker', 'Dockerfile', '2']);
    const builds = await runKubectl(api.kubeconfig, ['get', 'build', '-n', NS]);
    const lines = builds.stdout.trim().split('\n');
    expect(lines[0]!.split(/\s+/)).toEqual(['NAME', 'TYPE', 'FROM', 'STATUS', 'STARTED', 'DURATION']);
    expect(lines[1]!.trim().split(/\s+/)).toEqual(['web-1', 'Docker', 'Dockerfile', 'New']);
  });

  it('instantiates from a Local tag by the registry serving the streams, as OpenShift', async () => {
    await call('POST', `${IMG}/imagestreams`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'mirrored' },
      spec: { tags: [{ name: 'latest', referencePolicy: { type: 'Local' } }] },
    });
    const mapped = await call('POST', `${IMG}/imagestreammappings`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'mirrored' },
      image: { metadata: { name: BASE_DIGEST }, dockerImageReference: `quay.io/team/base@${BASE_DIGEST}` },
      tag: 'latest',
    });
    expect(mapped.status).toBe(201);
    const from = { kind: 'ImageStreamTag', name: 'mirrored:latest' };
    expect(
      (await call('POST', BC, bc('local', dockerSpec({ strategy: { dockerStrategy: { from } } })))).status,
    ).toBe(201);
    const request = {
      kind: 'BuildRequest',
      apiVersion: 'build.openshift.io/v1',
      metadata: { name: 'local' },
    };
    const build = await call('POST', `${BC}/local/instantiate`, request);
    expect(build.status).toBe(201);
    expect(build.body.spec.strategy.dockerStrategy.from).toEqual({
      kind: 'DockerImage',
      name: `${REGISTRY_HOST}/${NS}/mirrored@${BASE_DIGEST}`,
    });
  });
});
