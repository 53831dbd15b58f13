/**
 * One scheduled check of a group: one HEAD for the reference; tags already at that digest are
 * done (no store write, no further request); the others are imported through the import
 * service, which reuses the HEAD (head-memo.ts), fetches what changed, writes history, and
 * records a failure in the tag's ImportSuccess condition.
 */
import { isStatusError } from '../../api/status-error.js';
import type { ImageStream } from '../../api/types.js';
import type { CredentialStore, ManifestHead, RequestOptions } from '../../registry/index.js';
import type { PullCredentialsFor } from '../../credentials/index.js';
import type { Store } from '../../store/store.js';
import type { ImageStreamImportObject } from '../import-types.js';
import { IMAGE_STREAMS, type ImportService } from '../import-service.js';
import type { ImportRegistryClient } from '../resolve-image.js';
import type { RegistryAllowList } from '../allowed-registries.js';
import type { Group, GroupCheckOutcome } from './group-scheduler.js';
import { headMemoKey, type HeadMemo } from './head-memo.js';
import { scheduledTargets, type ScheduledTag } from './scheduled-targets.js';

export interface GroupCheckDeps {
  store: Store;
  /** the real client: the group's one HEAD */
  client: Pick<ImportRegistryClient, 'headManifest'>;
  /** an import service whose client reads `memo` first */
  service: ImportService;
  memo: HeadMemo;
  /** per tag key: `HEAD digest + stored digest` last seen to be current (manifest lists in Legacy mode) */
  confirmed: Map<string, string>;
  /** `--allowed-registries`: a registry not allowed is never asked; the import records why */
  allowList?: RegistryAllowList | undefined;
  /** the group's namespace's registry credentials (a group never spans namespaces) */
  credentialsFor?: PullCredentialsFor | undefined;
  signal?: AbortSignal;
}

interface StreamResult {
  updated: boolean;
  failed: boolean;
}

function isCurrent(m: ScheduledTag, head: ManifestHead | undefined, confirmed: Map<string, string>): boolean {
  if (!head || m.failing || !m.digest) return false;
  return m.digest === head.digest || confirmed.get(m.key) === `${head.digest} ${m.digest}`;
}

function importRequest(stream: ImageStream, tags: ScheduledTag[]): ImageStreamImportObject {
  const specs = stream.spec?.tags ?? [];
  const metadata: ImageStreamImportObject['metadata'] = { name: stream.metadata.name };
  if (stream.metadata.resourceVersion) metadata.resourceVersion = stream.metadata.resourceVersion;
  if (stream.metadata.uid) metadata.uid = stream.metadata.uid;
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata,
    spec: {
      import: true,
      images: tags.map((t) => {
        const spec = specs.find((s) => s.name === t.tag);
        return {
          from: { kind: 'DockerImage', name: t.from },
          to: { name: t.tag },
          ...(spec?.importPolicy ? { importPolicy: spec.importPolicy } : {}),
          ...(spec?.referencePolicy ? { referencePolicy: spec.referencePolicy } : {}),
        };
      }),
    },
  };
}

function digestOf(stream: ImageStream | undefined, tag: string): string | undefined {
  return stream?.status?.tags?.find((s) => s.tag === tag)?.items?.[0]?.image;
}

async function importOnce(
  stream: ImageStream,
  tags: ScheduledTag[],
  deps: GroupCheckDeps,
  head: ManifestHead | undefined,
): Promise<StreamResult> {
  const out = await deps.service.importImages(
    stream.metadata.namespace ?? '',
    importRequest(stream, tags),
    deps.signal,
  );
  const failed = (out.status?.images ?? []).some((i) => i.status.status !== 'Success');
  let updated = false;
  for (const t of tags) {
    const digest = digestOf(out.status?.import, t.tag);
    if (!digest) continue;
    if (digest !== t.digest) updated = true;
    if (head && !failed) deps.confirmed.set(t.key, `${head.digest} ${digest}`);
  }
  return { updated, failed };
}

const NOTHING: StreamResult = { updated: false, failed: false };

/** Imports the group's tags of one stream, re-read now so a removed or re-pointed tag is left alone. */
async function importStream(
  namespace: string,
  name: string,
  wanted: ScheduledTag[],
  deps: GroupCheckDeps,
  head: ManifestHead | undefined,
): Promise<StreamResult> {
  const keys = new Map(wanted.map((w) => [w.key, w.from]));
  for (let attempt = 0; ; attempt++) {
    const stream = await deps.store.get(IMAGE_STREAMS, namespace, name);
    const tags = stream ? scheduledTargets(stream).filter((t) => keys.get(t.key) === t.from) : [];
    if (!stream || tags.length === 0) return NOTHING;
    try {
      return await importOnce(stream, tags, deps, head);
    } catch (err) {
      // the stream was written meanwhile (409): read it again; it went away (404): nothing to do
      if (isStatusError(err) && err.code === 404) return NOTHING;
      if (!(isStatusError(err) && err.code === 409) || attempt >= 2) throw err;
    }
  }
}

/** The group's one HEAD (none for a registry that is not allowed: the import records why). */
function sendHead(
  first: ScheduledTag,
  deps: GroupCheckDeps,
  credentials: CredentialStore | undefined,
): Promise<ManifestHead> {
  const denied = deps.allowList?.check(first.registry);
  if (denied) return Promise.reject(denied);
  const repo = { registry: first.registry, repository: first.repository };
  const opts: RequestOptions = {
    insecure: first.insecure,
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(credentials ? { credentials } : {}),
  };
  return deps.client.headManifest(repo, first.reference, opts);
}

async function settled(p: Promise<ManifestHead>): Promise<{ head?: ManifestHead; error?: unknown }> {
  try {
    return { head: await p };
  } catch (error) {
    return { error: error ?? new Error('HEAD failed') };
  }
}

function byStream(tags: ScheduledTag[]): ScheduledTag[][] {
  const groups = new Map<string, ScheduledTag[]>();
  for (const t of tags) {
    const k = `${t.namespace}/${t.stream}`;
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  return [...groups.values()];
}

/** Tags following a policy: no HEAD answers for them; every check imports, and the import lists the tags. */
async function checkPolicyGroup(members: ScheduledTag[], deps: GroupCheckDeps): Promise<GroupCheckOutcome> {
  const { updated, failed } = await importMembers(members, deps, undefined);
  return { result: failed ? 'failed' : updated ? 'updated' : 'unchanged' };
}

/** Imports `members`, stream by stream. */
async function importMembers(
  members: ScheduledTag[],
  deps: GroupCheckDeps,
  head: ManifestHead | undefined,
): Promise<StreamResult> {
  const out = { ...NOTHING };
  for (const tags of byStream(members)) {
    const t = tags[0] as ScheduledTag;
    const r = await importStream(t.namespace, t.stream, tags, deps, head);
    out.updated ||= r.updated;
    out.failed ||= r.failed;
  }
  return out;
}

export async function checkGroup(group: Group, deps: GroupCheckDeps): Promise<GroupCheckOutcome> {
  const members = [...group.members.values()];
  const first = members[0];
  if (!first) return { result: 'unchanged' };
  if (first.followsPolicy) return checkPolicyGroup(members, deps);
  const credentials = await deps.credentialsFor?.(first.namespace);
  const key = headMemoKey(first, first.reference, first.insecure, credentials?.scope);
  const pending = sendHead(first, deps, credentials);
  pending.catch(() => undefined);
  deps.memo.set(key, pending);
  try {
    const { head, error } = await settled(pending);
    const stale = members.filter((m) => !isCurrent(m, head, deps.confirmed));
    const { updated, failed: importFailed } = await importMembers(stale, deps, head);
    const failed = importFailed || error !== undefined;
    const result = failed ? 'failed' : updated ? 'updated' : 'unchanged';
    return error === undefined ? { result } : { result, error };
  } finally {
    deps.memo.delete(key);
  }
}
