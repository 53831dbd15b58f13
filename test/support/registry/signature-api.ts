/**
 * The API calls the signature tests make against an in-process isctl server: a stream and one of
 * its tags, the Warning Events about a stream, an ImageStreamImport of `repo:tag` from the test
 * registry, and the wait for the Warning a refused signature leaves.
 */
import { expect } from 'vitest';
import { until } from '../until.js';

export interface TagStatus {
  tag: string;
  items?: { image: string }[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}
export interface StreamWithTags {
  metadata: { resourceVersion: string; uid: string };
  status?: { tags?: TagStatus[] };
}
interface WarningEvent {
  type: string;
  reason: string;
  message: string;
  involvedObject: { name: string };
}

export function signatureApi(serverUrl: () => string, registryHost: () => string) {
  const api = (ns: string) => `${serverUrl()}/apis/image.openshift.io/v1/namespaces/${ns}`;
  const streamOf = async (name: string, ns = 'default') =>
    (await (await fetch(`${api(ns)}/imagestreams/${name}`)).json()) as StreamWithTags;
  const tagOf = async (name: string, tag: string, ns = 'default') =>
    (await streamOf(name, ns)).status?.tags?.find((t) => t.tag === tag);
  const warnings = async (name: string, ns = 'default') =>
    (
      (await (await fetch(`${serverUrl()}/api/v1/namespaces/${ns}/events`)).json()) as {
        items: WarningEvent[];
      }
    ).items.filter((e) => e.type === 'Warning' && e.involvedObject.name === name);
  return {
    streamOf,
    tagOf,
    warnings,
    /** imports `repo:tag` of the test registry into `stream:tag`; the tag's status after it */
    async importTag(stream: string, repo: string, tag: string, ns = 'default', scheduled = false) {
      const res = await fetch(`${api(ns)}/imagestreamimports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'image.openshift.io/v1',
          kind: 'ImageStreamImport',
          metadata: { name: stream },
          spec: {
            import: true,
            images: [
              {
                from: { kind: 'DockerImage', name: `${registryHost()}/${repo}:${tag}` },
                to: { name: tag },
                importPolicy: { insecure: true, scheduled },
              },
            ],
          },
        }),
      });
      expect(res.status).toBeLessThan(300);
      return tagOf(stream, tag, ns);
    },
    /** the Warning Events about `name`, once there is one */
    firstWarnings: (name: string, ns = 'default') =>
      until(
        `a Warning event about ${name}`,
        async () => ((await warnings(name, ns)).length > 0 ? warnings(name, ns) : undefined),
        5000,
      ),
  };
}
