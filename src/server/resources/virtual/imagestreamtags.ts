/**
 * ImageStreamTag `stream:tag`: a view of one tag's current image. GET is 404 until the tag has an
 * image; create/update set the spec tag (creating the stream: what `oc tag` does); delete removes
 * the tag from spec and status. No watch (clients watch imagestreams), as in OpenShift.
 */
import type { KubeObject } from '../../../api/object.js';
import { alreadyExists, badRequest } from '../../../api/status-error.js';
import { parseImageStreamTagName } from '../../../api/names.js';
import { setSpecTag, specTag } from '../../../api/spec-tags.js';
import { decodeImageStreamTag } from '../../../api/strategies.js';
import { latestTaggedImage } from '../../../api/tag-history.js';
import {
  IMAGE_API_GROUP,
  IMAGE_API_VERSION,
  type ImageStream,
  type ImageStreamTag,
} from '../../../api/types.js';
import { imageStreamTagView } from '../../../api/views.js';
import type { Store } from '../../../store/store.js';
import { retargetTagCauses, type StreamAdmission } from '../../../api/validation/registry-whitelist.js';
import { IMAGE_STREAM_TAG_TABLE } from '../../table/image-tables.js';
import { prepareInput } from '../input.js';
import type { RequestScope, ResourceDef } from '../resource-def.js';
import { getImage, writeStreamSpec } from './stream-access.js';
import type { TagMoveGate } from '../signature-gate.js';
import { tagKindTarget, tagResourceDef, type TagViews } from './tag-views.js';

const RESOURCE = 'imagestreamtags';
const TARGET = tagKindTarget('ImageStreamTag');

type Decorate = (stream: ImageStream) => ImageStream;

async function view(store: Store, stream: ImageStream, tag: string): Promise<ImageStreamTag | undefined> {
  const event = latestTaggedImage(stream, tag);
  if (!event) return undefined;
  return imageStreamTagView(stream, tag, await getImage(store, event.image));
}

/** What create and update answer: the view, or (the tag has no image yet) the tag's spec on the stream. */
async function afterWrite(store: Store, stream: ImageStream, tag: string): Promise<KubeObject> {
  const full = await view(store, stream, tag);
  if (full) return full;
  const m = stream.metadata;
  return {
    apiVersion: IMAGE_API_VERSION,
    kind: 'ImageStreamTag',
    metadata: {
      name: `${m.name}:${tag}`,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    tag: specTag(stream, tag) ?? null,
    generation: 0,
    lookupPolicy: stream.spec.lookupPolicy ?? { local: false },
    image: { metadata: {} },
  } as KubeObject;
}

function write(
  store: Store,
  decorate: Decorate,
  scope: RequestScope,
  body: unknown,
  mode: 'create' | 'update',
  admit: StreamAdmission,
  gate?: TagMoveGate,
): Promise<KubeObject> {
  const name =
    scope.info.name ?? (body as { metadata?: { name?: string } } | undefined)?.metadata?.name ?? '';
  const { stream: streamName, tag } = parseImageStreamTagName(name);
  const istag = decodeImageStreamTag(prepareInput(body, TARGET, { ...scope, info: { ...scope.info, name } }));
  if (mode === 'create' && !istag.tag)
    throw badRequest(`imagestreamtag ${name} must have a tag (spec) to be created`);
  const namespace = scope.info.namespace ?? '';
  return writeStreamSpec(
    store,
    {
      namespace,
      name: streamName,
      create: true,
      dryRun: scope.dryRun,
      user: scope.user,
      admit: (next, old) => retargetTagCauses(admit(next, old), tag, 'tag'),
      ...(gate ? { gate } : {}),
      ...(mode === 'update' && istag.metadata.resourceVersion
        ? { resourceVersion: istag.metadata.resourceVersion }
        : {}),
    },
    (stream, existed) => {
      if (mode === 'create' && existed && specTag(stream, tag))
        throw alreadyExists({ resource: RESOURCE, group: IMAGE_API_GROUP, name });
      let next: ImageStream = { ...stream, spec: { ...stream.spec, lookupPolicy: istag.lookupPolicy } };
      if (istag.tag) next = setSpecTag(next, { ...istag.tag, name: tag });
      return next;
    },
  ).then((stream) => afterWrite(store, decorate(stream), tag));
}

function tagViews(store: Store, decorate: Decorate): TagViews {
  return {
    resource: RESOURCE,
    listKind: 'ImageStreamTagList',
    tagsOf: (stream) => (stream.status?.tags ?? []).map((t) => t.tag),
    view: (stream, tag) => view(store, stream, tag),
    decorate,
    parseName: parseImageStreamTagName,
  };
}

export function imageStreamTagResource(
  store: Store,
  decorate: Decorate,
  admit: StreamAdmission = () => [],
  gate?: TagMoveGate,
): ResourceDef {
  return tagResourceDef(store, {
    views: tagViews(store, decorate),
    kind: 'ImageStreamTag',
    singularName: 'imagestreamtag',
    shortName: 'istag',
    table: IMAGE_STREAM_TAG_TABLE,
    fullView: (stream, tag) => view(store, stream, tag),
    write: (scope, body, mode) => write(store, decorate, scope, body, mode, admit, gate),
  });
}
