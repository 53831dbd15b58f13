/** What the API benchmark writes: image streams of five DockerImage tags in one namespace. */

export const NAMESPACE = 'default';
export const TAGS_PER_STREAM = 5;

export function streamsPath(namespace = NAMESPACE): string {
  return `/apis/image.openshift.io/v1/namespaces/${namespace}/imagestreams`;
}

export function imageStream(name: string): Record<string, unknown> {
  const tags = Array.from({ length: TAGS_PER_STREAM }, (_, t) => ({
    name: `v${t}`,
    from: { kind: 'DockerImage', name: `registry.example.com/team/${name}:v${t}` },
    importPolicy: { scheduled: false },
    referencePolicy: { type: 'Source' },
  }));
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, labels: { team: `t${name.length % 7}`, bench: 'api' } },
    spec: { lookupPolicy: { local: false }, tags },
  };
}
