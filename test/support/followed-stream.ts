/**
 * For end-to-end trigger tests: an image stream whose `latest` follows a test registry's
 * repository (created through the API, so it imports at once), and pushes that only the registry
 * keeps (the rollout must pull).
 */
import type Docker from 'dockerode';
import { pushForRollout, type BuiltImage } from './test-images.js';

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
export function pushLatest(docker: Docker, repository: string, version: string): Promise<BuiltImage> {
  return pushForRollout(docker, { repository, version, tag: 'latest' });
}
