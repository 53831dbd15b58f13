/**
 * Where a build pushes (pure given the stream): an ImageStreamTag output goes to the integrated
 * registry when the server runs one, else to the stream's spec.dockerImageRepository; a
 * DockerImage output goes where it names.
 */
import { normalizeDockerImageReference } from '../../api/docker-reference.js';
import type { ObjectReference } from '../../api/schema/common.js';
import { splitStreamTag } from '../stream-tag-image.js';

export interface OutputTarget {
  /** `host/path` */
  repository: string;
  registry: string;
  /** path without the host */
  path: string;
  tag: string;
  /** the stream tag moved after the push, for an ImageStreamTag output */
  streamTag?: { namespace: string; stream: string; tag: string };
}

class OutputError extends Error {}

function split(
  repository: string,
  tag: string,
): Pick<OutputTarget, 'repository' | 'registry' | 'path' | 'tag'> {
  const ref = normalizeDockerImageReference(repository);
  return {
    repository: `${ref.registry}/${ref.repository}`,
    registry: ref.registry,
    path: ref.repository,
    tag,
  };
}

export function outputTarget(
  to: ObjectReference,
  namespace: string,
  stream: { spec?: { dockerImageRepository?: string } } | undefined,
  integratedHost: string | undefined,
): OutputTarget {
  if (to.kind === 'DockerImage') {
    const ref = normalizeDockerImageReference(to.name);
    if (ref.digest) throw new OutputError(`the output ${to.name} may not name a digest`);
    return split(`${ref.registry}/${ref.repository}`, ref.tag ?? 'latest');
  }
  const ns = to.namespace || namespace;
  const { stream: name, tag } = splitStreamTag(to.name);
  const repository = integratedHost ? `${integratedHost}/${ns}/${name}` : stream?.spec?.dockerImageRepository;
  if (!repository)
    throw new OutputError(
      `the image stream ${ns}/${name} has no spec.dockerImageRepository and the server runs no integrated registry`,
    );
  return { ...split(repository, tag), streamTag: { namespace: ns, stream: name, tag } };
}

/** registries on loopback speak plain HTTP (as Docker allows for 127.0.0.0/8) */
export function isLoopbackRegistry(registry: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(registry);
}
