/**
 * For end-to-end trigger tests: an image stream whose `latest` follows a test registry's
 * repository (created through the API, so it imports at once), and pushes that only the registry
 * keeps (the rollout must pull).
 */
import type Docker from 'dockerode';
import { startRegistry, type TestRegistry } from './registry/index.js';
import { buildAndPushTestImage, type BuiltImage } from './test-images.js';

export async function createFollowedStream(
  serverUrl: string,
  namespace: string,
  name: string,
  repository: string,
): Promise<void> {
  const res = await fetch(`${serverUrl}/apis/image.openshift.io/v1/namespaces/${namespace}/imagestreams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name },
      spec: {
        tags: [
          {
            name: 'latest',
            from: { kind: 'DockerImage', name: `${repository}:latest` },
            importPolicy: { insecure: true },
          },
        ],
      },
    }),
  });
  if (res.status !== 201) throw new Error(`creating ${namespace}/${name}: ${res.status} ${await res.text()}`);
}

/** Builds and pushes `repository:latest` serving `version`, then removes the local copy. */
export async function pushLatest(docker: Docker, repository: string, version: string): Promise<BuiltImage> {
  const img = await buildAndPushTestImage(docker, { repository, version, tag: 'latest' });
  await docker
    .getImage(img.tagged)
    .remove()
    .catch(() => undefined);
  return img;
}

/** A registry without auth that notifies the server's `/notifications/distribution` with `token`. */
export function startNotifyingRegistry(serverUrl: string, token: string): Promise<TestRegistry> {
  return startRegistry({
    auth: 'none',
    notify: {
      url: `${serverUrl}/notifications/distribution`,
      token,
      timeout: '2s',
      threshold: 3,
      backoff: '200ms',
    },
  });
}
