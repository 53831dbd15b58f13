/**
 * Defaulting, as OpenShift's v1 defaults and conversion do it: every tag gets an importPolicy
 * (importMode Legacy) and a referencePolicy (type Source); tags are unique and sorted by name.
 */
import { IMAGE_API_VERSION } from './constants.js';
import { collapseSpecTags, collapseStatusTags } from './spec-tags.js';
import type { ImageStream, ImageStreamStatus, TagReference } from './types.js';

export function defaultTagReference(ref: TagReference): TagReference {
  return {
    ...ref,
    importPolicy: { ...ref.importPolicy, importMode: ref.importPolicy?.importMode ?? 'Legacy' },
    referencePolicy: { type: ref.referencePolicy?.type ?? 'Source' },
  };
}

/** A defaulted copy: tags collapsed and sorted, empty lists dropped (they serialize as absent). */
export function defaultImageStream(stream: ImageStream): ImageStream {
  const spec = { ...stream.spec, lookupPolicy: { local: stream.spec.lookupPolicy?.local ?? false } };
  const tags = collapseSpecTags(stream.spec.tags ?? []).map(defaultTagReference);
  if (tags.length > 0) spec.tags = tags;
  else delete spec.tags;
  const next: ImageStream = { ...stream, spec };
  if (stream.status) {
    const status = { ...stream.status };
    const statusTags = collapseStatusTags(status.tags ?? []);
    if (statusTags.length > 0) status.tags = statusTags;
    else delete status.tags;
    next.status = status;
  }
  return next;
}

/** Status tags with neither history nor conditions carry nothing; OpenShift drops them. */
export function collapseEmptyStatusTags(stream: ImageStream): ImageStream {
  const tags = stream.status?.tags;
  if (!stream.status || !tags) return stream;
  const kept = tags.filter((t) => (t.items?.length ?? 0) > 0 || (t.conditions?.length ?? 0) > 0);
  const status: ImageStreamStatus = { ...stream.status, tags: kept };
  if (kept.length === 0) delete status.tags;
  return { ...stream, status };
}

export interface RegistryHostnames {
  /** where the stream's own repository lives (`<host>/<namespace>/<name>`), if this server has one */
  internalRegistryHostname?: string;
  /** the same, as reachable from outside (`status.publicDockerImageRepository`) */
  externalRegistryHostname?: string;
}

/**
 * OpenShift computes status.dockerImageRepository on every read: the internal registry's
 * repository for the stream when there is one, else spec.dockerImageRepository.
 */
export function decorateImageStream(stream: ImageStream, hosts: RegistryHostnames): ImageStream {
  const { name, namespace = 'default' } = stream.metadata;
  const internal = hosts.internalRegistryHostname
    ? `${hosts.internalRegistryHostname}/${namespace}/${name}`
    : (stream.spec.dockerImageRepository ?? '');
  const status: ImageStreamStatus = { ...stream.status, dockerImageRepository: internal };
  if (hosts.externalRegistryHostname)
    status.publicDockerImageRepository = `${hosts.externalRegistryHostname}/${namespace}/${name}`;
  return { ...stream, status };
}

/** A new, empty stream (what creating an ImageStreamTag or importing into a missing stream starts from). */
export function emptyImageStream(namespace: string, name: string): ImageStream {
  return {
    apiVersion: IMAGE_API_VERSION,
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: { lookupPolicy: { local: false } },
  };
}
