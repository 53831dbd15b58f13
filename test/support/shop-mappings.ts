/**
 * Writes to a test server's `shop` namespace through the image API, as the CLI tests set up
 * streams: a POST that must succeed, and an ImageStreamMapping that tags `latest` of a stream with
 * `docker.io/shop/<stream>@<digest>`.
 */
export function shopWriter(serverUrl: () => string) {
  const post = async (path: string, body: object): Promise<void> => {
    const res = await fetch(`${serverUrl()}/apis/image.openshift.io/v1/namespaces/shop/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  };
  const mapping = (stream: string, digest: string): Promise<void> =>
    post('imagestreammappings', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: stream },
      image: { metadata: { name: digest }, dockerImageReference: `docker.io/shop/${stream}@${digest}` },
      tag: 'latest',
    });
  return { post, mapping };
}
