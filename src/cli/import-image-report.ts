/**
 * What `isctl import-image` prints for the server's ImageStreamImport answer, as `oc import-image`
 * prints it: `imagestream.image.openshift.io/NAME imported[ with errors][ (dry run)]`, the
 * stream's description, each imported image (`oc describe image`, named `stream:tag` by its status
 * tag), the tags of the repository left out, and one `error:` line per failed tag. On failure a
 * closing error line and a non-zero exit, so scripts notice. Pure.
 */
import { ImageStreamImportSchema } from '../api/schema/image-stream-import.js';
import type { ImageStreamImport } from '../api/types.js';
import { describeImage } from './describe/describe-image.js';
import { describeImageStream } from './describe/describe-image-stream.js';

export interface ImportReport {
  /** per-tag errors, printed (to stderr) before the description as oc does */
  errors: string;
  stdout: string;
  /** the closing stderr line after a failed import, '' otherwise */
  closing: string;
  failed: boolean;
}

type ImageImportStatus = NonNullable<NonNullable<ImageStreamImport['status']>['images']>[number];

/**
 * The server's answer to the POST, read through the API's schema: an answer this client cannot
 * read is a ZodError naming the field (report.ts prints it), not a crash in the report.
 */
export function decodeImportAnswer(raw: unknown): ImageStreamImport {
  return ImageStreamImportSchema.parse(raw);
}

/** oc's `wasError`: a failed image or a failed repository import. */
function importFailed(result: ImageStreamImport): boolean {
  const status = result.status ?? {};
  return (
    (status.images ?? []).some((i) => i.status.status === 'Failure') ||
    status.repository?.status.status === 'Failure'
  );
}

function imageSections(
  name: string,
  images: readonly ImageImportStatus[],
  failurePrefix: string,
  now: Date,
): { text: string; errors: string } {
  let text = '';
  let errors = '';
  for (const i of images) {
    const tag = i.tag ?? '';
    if (i.image) text += `${describeImage(i.image, `${name}:${tag || 'latest'}`, now)}\n`;
    else errors += `error: ${failurePrefix} ${tag} failed: ${i.status.message}\n`;
  }
  return { text, errors };
}

function headline(failed: boolean, dryRun: boolean): string {
  const message = failed ? 'imported with errors' : 'imported';
  return dryRun ? `${message} (dry run)` : message;
}

export function importImageReport(
  name: string,
  result: ImageStreamImport,
  options: { dryRun: boolean; now: Date },
): ImportReport {
  const status = result.status ?? {};
  const failed = importFailed(result);
  let message = `${headline(failed, options.dryRun)}\n\n`;
  if (status.import) message += `${describeImageStream(status.import, options.now)}\n`;
  const repo = imageSections(name, status.repository?.images ?? [], 'repository tag', options.now);
  const images = imageSections(name, status.images ?? [], 'tag', options.now);
  message += repo.text + images.text;
  const additional = status.repository?.additionalTags ?? [];
  if (additional.length > 0)
    message += `\ninfo: The remote repository contained ${additional.length} additional tags which were not imported: ${additional.join(', ')}\n`;
  let errors = repo.errors + images.errors;
  const repoStatus = status.repository?.status;
  // a repository that could not be listed has no images to name the failure by
  if (repoStatus?.status === 'Failure' && (status.repository?.images?.length ?? 0) === 0)
    errors += `error: repository ${result.spec.repository?.from.name ?? name} failed: ${repoStatus.message}\n`;
  const closing = failed
    ? `error: the import of imagestream.image.openshift.io/${name} completed with errors\n`
    : '';
  return { errors, stdout: `imagestream.image.openshift.io/${name} ${message}\n`, closing, failed };
}
