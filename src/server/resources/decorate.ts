/**
 * Fields OpenShift computes on every read rather than storing: status.dockerImageRepository is
 * `<registry host>/<namespace>/<name>` when the server knows the registry serving the streams.
 */
import type { KubeObject } from '../../api/object.js';

export function withDockerImageRepository(
  currentHost: () => string | undefined,
): (stream: KubeObject) => KubeObject {
  return (stream) => {
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
}
