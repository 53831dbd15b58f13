/**
 * Resolving one image name of a workload to the image stream it names (OpenShift's ImagePolicy
 * `resolveImageStreamReference`): only a one-segment name (`ruby`, `ruby:3.3`,
 * `ruby@sha256:…`) is a candidate, looked up as a stream of the workload's own namespace and
 * never another's; the stream must have `lookupPolicy.local` unless the workload asks for
 * resolve-names. A tag resolves to its current image, a digest to the image in the stream's
 * history, both by digest with the tag's reference policy applied (src/api/tag-history.ts).
 */
import { parseDockerImageReference, type DockerImageReference } from '../api/docker-reference.js';
import { resolveReferenceForTagEvent, resolveTagReference } from '../api/tag-history.js';
import type { ImageStream } from '../api/types.js';

/** What becomes of one image name: replaced, kept as written, or kept with a warning. */
export type Resolution =
  { kind: 'rewrite'; image: string } | { kind: 'keep' } | { kind: 'warn'; message: string };

export type StreamGetter = (namespace: string, name: string) => Promise<ImageStream | undefined>;

export interface ImageResolver {
  resolve(image: string, resolveNames: boolean): Promise<Resolution>;
}

const KEEP: Resolution = { kind: 'keep' };

/** The stream name a one-segment reference names; undefined for anything else. */
export function candidate(image: string): DockerImageReference | undefined {
  let ref: DockerImageReference;
  try {
    ref = parseDockerImageReference(image);
  } catch {
    return undefined;
  }
  return ref.registry === '' && !ref.repository.includes('/') ? ref : undefined;
}

function byDigest(stream: ImageStream, digest: string): string | undefined {
  for (const list of stream.status?.tags ?? []) {
    const event = list.items?.find((item) => item.image === digest);
    if (event) return resolveReferenceForTagEvent(stream, list.tag, event);
  }
  return undefined;
}

function resolveIn(stream: ImageStream, ref: DockerImageReference, image: string): Resolution {
  const name = stream.metadata.name;
  if (ref.digest) {
    const resolved = byDigest(stream, ref.digest);
    return resolved
      ? { kind: 'rewrite', image: resolved }
      : {
          kind: 'warn',
          message: `image stream "${name}" has no image ${ref.digest}; "${image}" is left as written`,
        };
  }
  const tag = ref.tag ?? 'latest';
  const resolved = resolveTagReference(stream, tag);
  return resolved
    ? { kind: 'rewrite', image: resolved }
    : {
        kind: 'warn',
        message: `image stream tag "${name}:${tag}" has no image yet; "${image}" is left as written`,
      };
}

/**
 * A resolver for the workloads of one namespace; each stream is read once per review, however
 * many containers name it.
 */
export function namespaceResolver(namespace: string, getStream: StreamGetter): ImageResolver {
  const streams = new Map<string, Promise<ImageStream | undefined>>();
  const streamNamed = (name: string): Promise<ImageStream | undefined> => {
    let found = streams.get(name);
    if (!found) {
      found = getStream(namespace, name);
      streams.set(name, found);
    }
    return found;
  };
  return {
    async resolve(image, resolveNames) {
      const ref = candidate(image);
      if (!ref) return KEEP;
      const stream = await streamNamed(ref.repository);
      if (!stream) return KEEP;
      if (stream.spec.lookupPolicy?.local !== true && !resolveNames) return KEEP;
      return resolveIn(stream, ref, image);
    },
  };
}
