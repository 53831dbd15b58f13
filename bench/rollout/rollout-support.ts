/** What both rollout scenarios do: poll, call the API, push an image, make a stream follow it. */
import type Docker from 'dockerode';
import type { RunningServer } from '../../src/server/serve.js';
import { pushForRollout, type BuiltImage } from '../../test/support/test-images.js';
import { until as pollUntil } from '../../test/support/until.js';
import { postObject } from '../support/api.js';

/** Polls `fn` every `every` ms (the benchmark's resolution) until it answers; fails naming `what` after `ms`. */
export function until<T>(what: string, ms: number, fn: () => Promise<T | undefined>, every = 20): Promise<T> {
  return pollUntil(what, fn, ms, every);
}

export function post(server: RunningServer, path: string, body: unknown): Promise<void> {
  return postObject(server.url, `/apis/image.openshift.io/v1/namespaces/default/${path}`, {
    apiVersion: 'image.openshift.io/v1',
    ...(body as object),
  });
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
