/**
 * Fields OpenShift computes on every read rather than storing: status.dockerImageRepository is
 * `<registry host>/<namespace>/<name>` when the server knows the registry serving the streams.
 */
import type { KubeObject } from '../../api/object.js';

/** Computed fields added to an object on every read. */
export interface Decorator {
  (object: KubeObject): KubeObject;
  /**
   * undefined while it adds nothing (objects go out as stored); else a key that changes whenever
   * its output for the same object would, under which encodings of its output may be cached
   */
  variant(): string | undefined;
}

export function withDockerImageRepository(currentHost: () => string | undefined): Decorator {
  const decorate = (stream: KubeObject): KubeObject => {
    // read on every call: the integrated registry may announce its host after the server started
    const host = currentHost();
    if (!host) return stream;
    const status = (
      typeof stream.status === 'object' && stream.status !== null ? stream.status : {}
    ) as Record<string, unknown>;
    return {
      ...stream,
      status: {
        ...status,
        dockerImageRepository: `${host}/${stream.metadata.namespace ?? ''}/${stream.metadata.name}`,
      },
    };
  };
  return Object.assign(decorate, { variant: () => currentHost() || undefined });
}
