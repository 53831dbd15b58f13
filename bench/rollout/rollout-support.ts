/** What both rollout scenarios do: poll, call the API, push an image, make a stream follow it. */
import type Docker from 'dockerode';
import type { RunningServer } from '../../src/server/serve.js';
import { pushForRollout, type BuiltImage } from '../../test/support/test-images.js';
import { sleep } from '../support/measure.js';

/** Polls `fn` every `every` ms until it answers; fails naming `what` after `ms`. */
export async function until<T>(
  what: string,
  ms: number,
  fn: () => Promise<T | undefined>,
  every = 20,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms`);
    await sleep(every);
  }
}

export async function post(server: RunningServer, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/default/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'image.openshift.io/v1', ...(body as object) }),
  });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
}

/** Builds and pushes `version` as `latest`, then drops the local copy: the rollout must pull. */
export function pushLatest(docker: Docker, repository: string, version: string): Promise<BuiltImage> {
  return pushForRollout(docker, { repository, version, tag: 'latest' });
}

/** Stream `default/NAME` follows `REPOSITORY:latest` and has imported it once. */
export async function followLatest(server: RunningServer, name: string, repository: string): Promise<void> {
  const from = { kind: 'DockerImage', name: `${repository}:latest` };
  await post(server, 'imagestreams', {
    kind: 'ImageStream',
    metadata: { name },
    spec: { tags: [{ name: 'latest', from, importPolicy: { insecure: true } }] },
  });
  await post(server, 'imagestreamimports', {
    kind: 'ImageStreamImport',
    metadata: { name },
    spec: { import: true, images: [{ from, to: { name: 'latest' }, importPolicy: { insecure: true } }] },
  });
}
