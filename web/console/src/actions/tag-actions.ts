/**
 * The console's writes, through the public API and the same plans as isctl, so a button does
 * exactly what the command does: "import now" is `isctl import-image STREAM:TAG`, promote and
 * roll back are `isctl tag STREAM@DIGEST STREAM:TAG` (GET + PUT of the stream, retried on 409).
 */
import { SourceKind } from '../../../../src/api/constants.js';
import type { ImageStreamImportObject } from '../../../../src/importer/import-types.js';
import { planImageImport, type StreamForImport } from '../../../../src/importer/import-request.js';
import {
  buildSpecTag,
  parseTagDestination,
  tagMessage,
  type SpecTagShape,
  type TagSource,
} from '../../../../src/importer/tag-plan.js';
import { ApiError, apiRequest } from '../api/client.js';
import { paths } from '../api/paths.js';
import type { ImageStream } from '../model/types.js';

const MAX_CONFLICT_RETRIES = 5;

/** Imports the tag's source now; resolves to a line saying what happened, rejects with why not. */
export async function importNow(namespace: string, stream: string, tag: string): Promise<string> {
  const current = await apiRequest<ImageStream>(paths.imageStream(namespace, stream));
  const isi = planImageImport(`${stream}:${tag}`, current as unknown as StreamForImport, {});
  const result = await apiRequest<ImageStreamImportObject>(paths.imageStreamImports(namespace), {
    method: 'POST',
    body: isi,
  });
  return importOutcome(result, `${stream}:${tag}`);
}

/** The line to announce for an import's answer; a failed import is an error with its message. */
function importOutcome(result: ImageStreamImportObject, what: string): string {
  const first = result.status?.images?.[0];
  const status = first?.status;
  if (status && status.status !== 'Success') throw new Error(status.message ?? `import of ${what} failed`);
  const digest = first?.image?.metadata?.name;
  return digest ? `Imported ${what}: ${digest}.` : `Imported ${what}.`;
}

function withTag(stream: ImageStream, tag: SpecTagShape): ImageStream {
  const tags = (stream.spec.tags ?? []).filter((t) => t.name !== tag.name);
  return {
    ...stream,
    spec: { ...stream.spec, tags: [...tags, tag as NonNullable<ImageStream['spec']['tags']>[number]] },
  };
}

/**
 * Points `destTag` of the stream at one image of its history (`STREAM@DIGEST`): promote when the
 * destination is another tag, roll back when it is the same tag and an older item.
 */
export async function setTagToImage(
  namespace: string,
  stream: string,
  digest: string,
  destTag: string,
): Promise<string> {
  const dest = parseTagDestination(`${stream}:${destTag}`, namespace);
  const source: TagSource = {
    kind: SourceKind.ImageStreamImage,
    name: `${stream}@${digest}`,
    stream,
    digest,
  };
  for (let attempt = 0; ; attempt++) {
    const current = await apiRequest<ImageStream>(paths.imageStream(namespace, stream));
    const existing = current.spec.tags?.find((t) => t.name === dest.tag) as SpecTagShape | undefined;
    const tag = buildSpecTag(source, dest, {}, existing, namespace);
    try {
      await apiRequest<ImageStream>(paths.imageStream(namespace, stream), {
        method: 'PUT',
        body: withTag(current, tag),
      });
      return tagMessage(source, dest, {}, namespace);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409 && attempt < MAX_CONFLICT_RETRIES)) throw err;
    }
  }
}
