/**
 * The lookupPolicy.local admission webhook on the real server (POST /admission/image-lookup).
 * There is no kube-apiserver here: the tests send the AdmissionReviews kube-apiserver would send
 * and apply the returned JSONPatch with fast-json-patch, as kube-apiserver applies it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageLookupAdmissionExtension } from '../../../src/admission/serve-extension.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import {
  D0,
  D1,
  D2,
  D3,
  D4,
  KINDS,
  REGISTRY_HOST,
  admissionReview,
  createStreams,
  operationsOf,
  patched,
  podSpec,
  withImages,
  workload,
  type ReviewAnswer,
} from './fixtures.js';

const PATH = '/admission/image-lookup';
let api: TestApiServer;

async function post(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${api.url}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function review(body: ReturnType<typeof admissionReview>): Promise<ReviewAnswer> {
  const { status, json } = await post(body);
  expect(status).toBe(200);
  const answer = json as unknown as ReviewAnswer;
  expect(answer).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
  expect(answer.response).toMatchObject({ uid: body.request.uid, allowed: true });
  return answer;
}

function specPath(kind: string): string {
  if (kind === 'Pod') return '/spec';
  if (kind === 'CronJob') return '/spec/jobTemplate/spec/template/spec';
  return '/spec/template/spec';
}

beforeAll(async () => {
  api = await startTestApiServer({
    dockerImageRepositoryHost: REGISTRY_HOST,
    extensions: [imageLookupAdmissionExtension()],
  });
  await createStreams(api.server.store);
}, 30_000);

afterAll(async () => {
  await api?.close();
});

describe('image lookup admission: workload kinds', () => {
  it.each(Object.keys(KINDS))('%s: stream tags by digest, reference policy honoured', async (name) => {
    const kind = KINDS[name]!;
    const object = workload(
      kind,
      podSpec({ containers: ['ruby:3.3', 'nginx:1.27'], initContainers: ['ruby'] }),
    );
    const answer = await review(admissionReview(kind, object));
    const at = specPath(name);
    expect(patched(object, answer)).toEqual(
      withImages(object, {
        [`${at}/containers/0/image`]: `quay.io/lib/ruby@${D1}`,
        // `ruby` is ruby:latest, whose reference policy is Local: the integrated registry's pull spec
        [`${at}/initContainers/0/image`]: `${REGISTRY_HOST}/team/ruby@${D2}`,
      }),
    );
    expect(operationsOf(answer)).toHaveLength(2);
  });

  it('rewrites ephemeral containers (pods/ephemeralcontainers)', async () => {
    const object = workload(
      KINDS.Pod!,
      podSpec({ containers: ['nginx'], ephemeralContainers: ['ruby:3.3'] }),
    );
    const answer = await review(
      admissionReview(KINDS.Pod!, object, { operation: 'UPDATE', subResource: 'ephemeralcontainers' }),
    );
    expect(patched(object, answer)).toEqual(
      withImages(object, { '/spec/ephemeralContainers/0/image': `quay.io/lib/ruby@${D1}` }),
    );
  });

  it('rewrites a Deployment on update but not a Job (its template is immutable), as OpenShift', async () => {
    const spec = podSpec({ containers: ['ruby:3.3'] });
    const deployment = workload(KINDS.Deployment!, spec);
    const updated = await review(admissionReview(KINDS.Deployment!, deployment, { operation: 'UPDATE' }));
    expect(operationsOf(updated)).toHaveLength(1);
    const job = await review(
      admissionReview(KINDS.Job!, workload(KINDS.Job!, spec), { operation: 'UPDATE' }),
    );
    expect(job.response.patch).toBeUndefined();
  });

  it('leaves kinds it does not cover and other subresources alone', async () => {
    const spec = podSpec({ containers: ['ruby:3.3'] });
    const other = { group: 'example.com', version: 'v1', kind: 'Widget', resource: 'widgets' };
    expect(
      (await review(admissionReview(other, workload(KINDS.Deployment!, spec)))).response.patch,
    ).toBeUndefined();
    const scale = admissionReview(KINDS.Deployment!, workload(KINDS.Deployment!, spec), {
      subResource: 'status',
    });
    expect((await review(scale)).response.patch).toBeUndefined();
  });
});

describe('image lookup admission: which names resolve', () => {
  it('passes unknown names, registry-qualified and multi-segment names through untouched', async () => {
    const images = [
      'nginx:1.27',
      'quay.io/lib/ruby:3.3',
      'lib/ruby:3.3',
      'localhost:5000/ruby',
      'ruby:nosuchtag',
    ];
    const object = workload(KINDS.Deployment!, podSpec({ containers: images }));
    const answer = await review(admissionReview(KINDS.Deployment!, object));
    expect(answer.response.patch).toBeUndefined();
    expect(answer.response.warnings).toEqual([expect.stringContaining('"ruby:nosuchtag" has no image yet')]);
  });

  it("never consults another namespace's stream", async () => {
    const object = workload(KINDS.Pod!, podSpec({ containers: ['hidden:latest'] }));
    const inTeam = await review(admissionReview(KINDS.Pod!, object));
    expect(inTeam.response.patch).toBeUndefined();
    // the object claims the other namespace: the request's namespace (where it is admitted) counts
    const claiming = workload(KINDS.Pod!, podSpec({ containers: ['hidden:latest'] }), { namespace: 'other' });
    expect((await review(admissionReview(KINDS.Pod!, claiming))).response.patch).toBeUndefined();
    // the same name in its own namespace resolves
    const inOther = await review(admissionReview(KINDS.Pod!, claiming, { namespace: 'other' }));
    expect(patched(claiming, inOther)).toEqual(
      withImages(claiming, { '/spec/containers/0/image': `quay.io/other/hidden@${D4}` }),
    );
  });

  it('resolves a stream without lookupPolicy.local only under the resolve-names annotation', async () => {
    const spec = podSpec({ containers: ['plain:1'] });
    const expected = { '/spec/template/spec/containers/0/image': `docker.io/library/plain@${D3}` };
    const without = workload(KINDS.Deployment!, spec);
    expect((await review(admissionReview(KINDS.Deployment!, without))).response.patch).toBeUndefined();
    const other = workload(KINDS.Deployment!, spec, {
      annotations: { 'alpha.image.policy.openshift.io/resolve-names': 'some' },
    });
    expect((await review(admissionReview(KINDS.Deployment!, other))).response.patch).toBeUndefined();
    for (const where of ['annotations', 'templateAnnotations'] as const) {
      const annotated = workload(KINDS.Deployment!, spec, {
        [where]: { 'alpha.image.policy.openshift.io/resolve-names': '*' },
      });
      const answer = await review(admissionReview(KINDS.Deployment!, annotated));
      expect(patched(annotated, answer)).toEqual(withImages(annotated, expected));
    }
  });

  it('resolves a digest in the stream history and leaves an unknown digest with a warning', async () => {
    const unknown = `sha256:${'9'.repeat(64)}`;
    const object = workload(KINDS.StatefulSet!, podSpec({ containers: [`ruby@${D0}`, `ruby@${unknown}`] }));
    const answer = await review(admissionReview(KINDS.StatefulSet!, object));
    expect(patched(object, answer)).toEqual(
      withImages(object, { '/spec/template/spec/containers/0/image': `quay.io/lib/ruby@${D0}` }),
    );
    expect(answer.response.warnings).toEqual([expect.stringContaining(unknown)]);
  });
});

describe('image lookup admission: bad input', () => {
  it('admits an AdmissionReview whose object it cannot read, unchanged, with a warning', async () => {
    const object = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'w' },
      spec: { containers: 'ruby:3.3' },
    };
    const answer = await review(admissionReview(KINDS.Pod!, object));
    expect(answer.response.patch).toBeUndefined();
    expect(answer.response.warnings).toEqual([expect.stringContaining('spec.containers')]);
  });

  it('answers a body that is not an AdmissionReview with a 400 Status naming the field', async () => {
    const pod = await post({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } });
    expect(pod.status).toBe(400);
    expect(pod.json).toMatchObject({ kind: 'Status', status: 'Failure', code: 400, reason: 'BadRequest' });
    const fields = (pod.json.details as { causes: { field: string }[] }).causes.map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'request']));
    const noUid = admissionReview(KINDS.Pod!, {});
    delete noUid.request.uid;
    const missing = await post(noUid);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.json)).toContain('request.uid');
    for (const body of ['{not json', '[]', 'null']) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ kind: 'Status', code: 400 });
    }
  });

  it('refuses a body over the limit with 413 before reading it all', async () => {
    const res = await post({ padding: 'x'.repeat(4 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ kind: 'Status', code: 413 });
  });
});

describe('image lookup admission: reference policy Local without a registry host', () => {
  it('falls back to the source reference', async () => {
    const bare = await startTestApiServer({ extensions: [imageLookupAdmissionExtension()] });
    try {
      await createStreams(bare.server.store);
      const object = workload(KINDS.Pod!, podSpec({ containers: ['ruby:latest'] }));
      const body = admissionReview(KINDS.Pod!, object);
      const res = await fetch(`${bare.url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as ReviewAnswer;
      expect(patched(object, answer)).toEqual(
        withImages(object, { '/spec/containers/0/image': `quay.io/lib/ruby@${D2}` }),
      );
    } finally {
      await bare.close();
    }
  });
});
