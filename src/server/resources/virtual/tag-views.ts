/**
 * What imagestreamtags and imagetags share: a GET answers the tag's whole view, a LIST builds one
 * view per tag of every stream in scope, a DELETE removes a tag from the stream's spec and status,
 * and the resource's definition (verbs, patch through update) is the same but for its names.
 */
import type { KubeObject } from '../../../api/object.js';
import { notFound } from '../../../api/status-error.js';
import { hasTag, removeTag } from '../../../api/spec-tags.js';
import { IMAGE_API_GROUP, IMAGE_API_VERSION, type ImageStream } from '../../../api/types.js';
import { IMAGE_STREAMS } from '../../../store/resource-types.js';
import type { Store } from '../../../store/store.js';
import { successStatus } from '../../http/status-response.js';
import { IMAGE } from '../../openapi/schema-builders.js';
import type { TableConvertor } from '../../table/table.js';
import type { ObjectList, RequestScope, ResourceDef } from '../resource-def.js';
import { patchThroughUpdate } from './patch-through-update.js';
import { getStream, writeStreamSpec } from './stream-access.js';

export interface TagViews {
  /** plural resource name, for messages */
  resource: string;
  listKind: string;
  /** the tags of a stream that get a view, in order */
  tagsOf(stream: ImageStream): string[];
  view(stream: ImageStream, tag: string): Promise<unknown>;
  decorate(stream: ImageStream): ImageStream;
  /** `NAME:TAG` from the request's name */
  parseName(name: string): { stream: string; tag: string };
}

async function listTagViews(store: Store, v: TagViews, scope: RequestScope): Promise<ObjectList> {
  const streams = await store.list(IMAGE_STREAMS, {
    ...(scope.info.namespace ? { namespace: scope.info.namespace } : {}),
  });
  const items: KubeObject[] = [];
  for (const object of streams.items) {
    const stream = v.decorate(object);
    for (const tag of v.tagsOf(stream)) {
      const view = await v.view(stream, tag);
      if (view) items.push(view as KubeObject);
    }
  }
  return {
    apiVersion: IMAGE_API_VERSION,
    kind: v.listKind,
    metadata: { resourceVersion: streams.resourceVersion },
    items,
  };
}

async function deleteTag(
  store: Store,
  v: Pick<TagViews, 'resource' | 'parseName'>,
  scope: RequestScope,
): Promise<ReturnType<typeof successStatus>> {
  const name = scope.info.name ?? '';
  const { stream: streamName, tag } = v.parseName(name);
  await writeStreamSpec(
    store,
    {
      namespace: scope.info.namespace ?? '',
      name: streamName,
      create: false,
      dryRun: scope.dryRun,
      user: scope.user,
      statusFromMutation: true,
    },
    (stream) => {
      if (!hasTag(stream, tag)) throw notFound({ resource: v.resource, group: IMAGE_API_GROUP, name });
      return removeTag(stream, tag);
    },
  );
  return successStatus({ name, group: IMAGE_API_GROUP, kind: v.resource });
}

/** The body a write decodes against: `prepareInput`'s target for the kind. */
export function tagKindTarget(kind: string): {
  apiVersion: string;
  kind: string;
  namespaced: true;
  schema: string;
} {
  return { apiVersion: IMAGE_API_VERSION, kind, namespaced: true, schema: IMAGE + kind };
}

export interface TagResource {
  views: TagViews;
  kind: string;
  singularName: string;
  shortName: string;
  table: TableConvertor;
  /** what GET answers: the tag's whole view, undefined for 404 */
  fullView(stream: ImageStream, tag: string): Promise<KubeObject | undefined>;
  write(scope: RequestScope, body: unknown, mode: 'create' | 'update'): Promise<KubeObject>;
}

async function getTag(store: Store, r: TagResource, scope: RequestScope): Promise<KubeObject> {
  const name = scope.info.name ?? '';
  const { stream: streamName, tag } = r.views.parseName(name);
  const stream = r.views.decorate(await getStream(store, scope.info.namespace ?? '', streamName));
  const out = await r.fullView(stream, tag);
  if (!out) throw notFound({ resource: r.views.resource, group: IMAGE_API_GROUP, name });
  return out;
}

export function tagResourceDef(store: Store, r: TagResource): ResourceDef {
  const handler: ResourceDef['handler'] = {
    get: (scope) => getTag(store, r, scope),
    list: (scope) => listTagViews(store, r.views, scope),
    create: (scope, body) => r.write(scope, body, 'create'),
    update: (scope, body) => r.write(scope, body, 'update'),
    delete: (scope) => deleteTag(store, r.views, scope),
  };
  const target = tagKindTarget(r.kind);
  handler.patch = patchThroughUpdate(handler, target);
  return {
    group: IMAGE_API_GROUP,
    version: 'v1',
    resource: r.views.resource,
    singularName: r.singularName,
    kind: r.kind,
    namespaced: true,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'],
    shortNames: [r.shortName],
    table: r.table,
    schema: target.schema,
    handler,
  };
}
