/**
 * ImageTag `stream:tag`: spec, status history and current image of one tag. Exists while the tag
 * has a spec or a status; list omits the image; writes change the spec only.
 */
import type { KubeObject } from '../../../api/object.js';
import { alreadyExists, badRequest, notFound } from '../../../api/status-error.js';
import { parseImageTagName } from '../../../api/names.js';
import { setSpecTag, specTag } from '../../../api/spec-tags.js';
import { decodeImageTag } from '../../../api/strategies.js';
import { latestTaggedImage } from '../../../api/tag-history.js';
import { IMAGE_API_GROUP, type ImageStream, type ImageTag } from '../../../api/types.js';
import { imageTagView } from '../../../api/views.js';
import type { Store } from '../../../store/store.js';
import { retargetTagCauses, type StreamAdmission } from '../../../api/validation/registry-whitelist.js';
import { IMAGE_TAG_TABLE } from '../../table/image-tables.js';
import { prepareInput } from '../input.js';
import type { RequestScope, ResourceDef } from '../resource-def.js';
import { getImage, writeStreamSpec } from './stream-access.js';
import type { TagMoveGate } from '../signature-gate.js';
import { tagKindTarget, tagResourceDef, type TagViews } from './tag-views.js';

const RESOURCE = 'imagetags';
const TARGET = tagKindTarget('ImageTag');
const missing = (name: string) => notFound({ resource: RESOURCE, group: IMAGE_API_GROUP, name });

type Decorate = (stream: ImageStream) => ImageStream;

async function view(
  store: Store,
  stream: ImageStream,
  tag: string,
  withImage: boolean,
): Promise<ImageTag | undefined> {
  const image = withImage ? await getImage(store, latestTaggedImage(stream, tag)?.image) : undefined;
  return imageTagView(stream, tag, image);
}

async function write(
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
  const { stream: streamName, tag } = parseImageTagName(name);
  const itag = decodeImageTag(prepareInput(body, TARGET, { ...scope, info: { ...scope.info, name } }));
  if (!itag.spec) throw badRequest(`imagetag ${name} must have a spec`);
  const spec = itag.spec;
  const rv = mode === 'update' ? itag.metadata.resourceVersion : undefined;
  const stream = await writeStreamSpec(
    store,
    {
      namespace: scope.info.namespace ?? '',
      name: streamName,
      create: true,
      dryRun: scope.dryRun,
      user: scope.user,
      admit: (next, old) => retargetTagCauses(admit(next, old), tag, 'spec'),
      ...(gate ? { gate } : {}),
      ...(rv ? { resourceVersion: rv } : {}),
    },
    (s, existed) => {
      if (mode === 'create' && existed && specTag(s, tag))
        throw alreadyExists({ resource: RESOURCE, group: IMAGE_API_GROUP, name });
      return setSpecTag(s, { ...spec, name: tag });
    },
  );
  const out = await view(store, decorate(stream), tag, true);
  // the write set the spec tag, so the view has it
  if (!out) throw missing(name);
  return out;
}

function tagViews(store: Store, decorate: Decorate): TagViews {
  return {
    resource: RESOURCE,
    listKind: 'ImageTagList',
    tagsOf: (stream) =>
      [
        ...new Set([
          ...(stream.spec.tags ?? []).map((t) => t.name),
          ...(stream.status?.tags ?? []).map((t) => t.tag),
        ]),
      ].sort(),
    view: (stream, tag) => view(store, stream, tag, false),
    decorate,
    parseName: parseImageTagName,
  };
}

export function imageTagResource(
  store: Store,
  decorate: Decorate,
  admit: StreamAdmission = () => [],
  gate?: TagMoveGate,
): ResourceDef {
  return tagResourceDef(store, {
    views: tagViews(store, decorate),
    kind: 'ImageTag',
    singularName: 'imagetag',
    shortName: 'itag',
    table: IMAGE_TAG_TABLE,
    fullView: (stream, tag) => view(store, stream, tag, true),
    write: (scope, body, mode) => write(store, decorate, scope, body, mode, admit, gate),
  });
}
