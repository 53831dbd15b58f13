/**
 * What imagestreamtags and imagetags share: a LIST builds one view per tag of every stream in
 * scope, and a DELETE removes a tag from the stream's spec and status.
 */
import type { KubeObject } from '../../../api/object.js';
import { notFound } from '../../../api/status-error.js';
import { hasTag, removeTag } from '../../../api/spec-tags.js';
import { IMAGE_API_GROUP, IMAGE_API_VERSION, type ImageStream } from '../../../api/types.js';
import { IMAGE_STREAMS } from '../../../store/resource-types.js';
import type { Store } from '../../../store/store.js';
import { successStatus } from '../../http/status-response.js';
import type { ObjectList, RequestScope } from '../resource-def.js';
import { writeStreamSpec } from './stream-access.js';

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

export async function listTagViews(store: Store, v: TagViews, scope: RequestScope): Promise<ObjectList> {
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

export async function deleteTag(
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
