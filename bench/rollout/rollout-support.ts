/** What both rollout scenarios do: push an image, make a stream follow it. */
import type { RunningServer } from '../../src/server/serve.js';
import { createFollowedStream } from '../../test/support/followed-stream.js';
import { postObject } from '../support/api.js';

export { pushLatest } from '../../test/support/followed-stream.js';

/** Stream `default/NAME` follows `REPOSITORY:latest` and has imported it once. */
export async function followLatest(server: RunningServer, name: string, repository: string): Promise<void> {
  await createFollowedStream(server.url, 'default', name, repository);
  const from = { kind: 'DockerImage', name: `${repository}:latest` };
  await postObject(server.url, '/apis/image.openshift.io/v1/namespaces/default/imagestreamimports', {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name },
    spec: { import: true, images: [{ from, to: { name: 'latest' }, importPolicy: { insecure: true } }] },
  });
}
