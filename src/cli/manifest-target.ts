/** Where a manifest goes: its resource type, namespace and name, checked as kubectl checks them. */
import { ClientStatusError } from './api-client.js';
import type { Session } from './connection.js';
import { CliError } from './errors.js';
import type { Manifest } from './manifests.js';
import { resourceForKind, type ResourceInfo } from './resources.js';

export interface ManifestTarget {
  resource: ResourceInfo;
  namespace: string | undefined;
  name: string;
}

export function manifestTarget(m: Manifest, s: Session): ManifestTarget {
  const { apiVersion, kind, metadata } = m.object;
  const resource = resourceForKind(apiVersion, kind);
  if (!resource) {
    throw new CliError(
      `resource mapping not found for name: "${metadata.name}" namespace: "${metadata.namespace ?? ''}" from "${m.source}": no matches for kind "${kind}" in version "${apiVersion}"`,
    );
  }
  let namespace: string | undefined;
  if (resource.namespaced) {
    const own = metadata.namespace;
    if (own && s.namespaceFromFlag && own !== s.namespace) {
      throw new CliError(
        `the namespace from the provided object "${own}" does not match the namespace "${s.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
      );
    }
    namespace = own || s.namespace;
  }
  return { resource, namespace, name: metadata.name };
}

/** kubectl's `error when creating "file.yaml": …` context on a server error. */
export function withContext(err: unknown, context: string): unknown {
  if (!(err instanceof ClientStatusError)) return err;
  return new ClientStatusError(err.code, err.reason, `${context}: ${err.message}`, err.details);
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `-f a -f b` collects both. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
