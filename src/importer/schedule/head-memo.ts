/**
 * Coalescing of scheduled checks: while a check group runs, the one HEAD it sent answers every
 * HEAD the import service asks for the same registry, repository, reference and access, so all
 * streams following a reference cost one request between them (a failure is shared the same
 * way, and each stream still records it in its tag's condition).
 */
import {
  canonicalRegistry,
  type ManifestHead,
  type RepositoryRef,
  type RequestOptions,
} from '../../registry/index.js';
import type { ImportRegistryClient } from '../resolve-image.js';

export type HeadMemo = Map<string, Promise<ManifestHead>>;

/** `scope`: whose credentials asked (src/credentials/pull-secrets.ts); a HEAD is never shared across them */
export function headMemoKey(
  repo: RepositoryRef,
  reference: string,
  insecure: boolean | undefined,
  scope?: string,
): string {
  return `${canonicalRegistry(repo.registry)}/${repo.repository}|${reference}|${insecure ? 'insecure' : 'secure'}|${scope ?? ''}`;
}

/** The client the scheduled import service uses: HEADs come from the memo when the group sent one. */
export function memoizingClient(base: ImportRegistryClient, memo: HeadMemo): ImportRegistryClient {
  return {
    headManifest(repo, reference, opts?: RequestOptions) {
      return (
        memo.get(headMemoKey(repo, reference, opts?.insecure, opts?.credentials?.scope)) ??
        base.headManifest(repo, reference, opts)
      );
    },
    getManifest: (repo, reference, opts) => base.getManifest(repo, reference, opts),
    getImageConfig: (repo, source, opts) => base.getImageConfig(repo, source, opts),
    listTags: (repo, opts) => base.listTags(repo, opts),
    ...(base.getBlob ? { getBlob: base.getBlob } : {}),
  };
}
