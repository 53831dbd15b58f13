/**
 * Fields OpenShift computes on every read rather than storing: status.dockerImageRepository is
 * `<registry host>/<namespace>/<name>` when the server knows the registry serving the streams.
 * Everything that reads a stream from the store and resolves its tags (the server, the
 * image-lookup webhook, builds, every trigger target) goes through this first, so a tag with the
 * Local reference policy resolves to that repository (tag-history.ts).
 */
import type { KubeObject } from './object.js';

/** Computed fields added to an object on every read. */
export interface Decorator {
  <T extends KubeObject>(object: T): T;
  /**
   * undefined while it adds nothing (objects go out as stored); else a key that changes whenever
   * its output for the same object would, under which encodings of its output may be cached
   */
  variant(): string | undefined;
}

export function withDockerImageRepository(currentHost: () => string | undefined): Decorator {
  const decorate = <T extends KubeObject>(stream: T): T => {
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
