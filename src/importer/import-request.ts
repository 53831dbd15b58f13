/**
 * What `isctl import-image` asks the server for, decided as `oc import-image` decides it: which
 * source, which tag, and when `--confirm` is required (creating a stream, or changing where a tag
 * or the stream imports from). Pure, so the rules are unit-tested without a server.
 */
import type { ImageStreamImportObject, ImportPolicy } from './import-types.js';

export interface ImportImageFlags {
  from?: string;
  all?: boolean;
  confirm?: boolean;
  scheduled?: boolean;
  insecure?: boolean;
  referencePolicy?: string;
  importMode?: string;
  dryRun?: boolean;
}

/** The stream fields the decision needs (the CLI's lenient view of an ImageStream). */
export interface StreamForImport {
  metadata: { name: string; resourceVersion?: string | undefined; uid?: string | undefined };
  spec?: {
    dockerImageRepository?: string | null | undefined;
    tags?:
      | {
          name: string;
          from?: { kind: string; name: string } | null | undefined;
          importPolicy?:
            | { insecure?: boolean | null; scheduled?: boolean | null; importMode?: string | null }
            | null
            | undefined;
          referencePolicy?: { type?: string | null } | null | undefined;
        }[]
      | null
      | undefined;
  } | null;
}

/** A mistake in the request, worded for the user. */
export class ImportRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRequestError';
  }
}

export function splitNameTag(arg: string): { name: string; tag?: string } {
  const i = arg.indexOf(':');
  if (i < 0) return { name: arg };
  return { name: arg.slice(0, i), tag: arg.slice(i + 1) };
}

function referencePolicyType(flag: string | undefined, existing: string | null | undefined): string {
  if (flag === undefined) return existing || 'Source';
  const v = flag.toLowerCase();
  if (v === 'source') return 'Source';
  if (v === 'local') return 'Local';
  throw new ImportRequestError(`reference-policy must be either "source" or "local", not "${flag}"`);
}

function importMode(flag: string | undefined, existing: string | null | undefined): string {
  if (flag === undefined) return existing || 'Legacy';
  if (flag === 'Legacy' || flag === 'PreserveOriginal') return flag;
  throw new ImportRequestError(`valid ImportMode values are "Legacy" or "PreserveOriginal", not "${flag}"`);
}

type SpecTag = NonNullable<NonNullable<NonNullable<StreamForImport['spec']>['tags']>>[number];

function policy(flags: ImportImageFlags, existing: SpecTag | undefined): ImportPolicy {
  const p: ImportPolicy = { importMode: importMode(flags.importMode, existing?.importPolicy?.importMode) };
  if (flags.insecure ?? existing?.importPolicy?.insecure) p.insecure = true;
  if (flags.scheduled ?? existing?.importPolicy?.scheduled) p.scheduled = true;
  return p;
}

function base(
  name: string,
  stream: StreamForImport | undefined,
  flags: ImportImageFlags,
): ImageStreamImportObject {
  const metadata: ImageStreamImportObject['metadata'] = { name };
  // the server refuses the import (409/404) when the stream changed since we read it
  if (stream?.metadata.resourceVersion) metadata.resourceVersion = stream.metadata.resourceVersion;
  if (stream?.metadata.uid) metadata.uid = stream.metadata.uid;
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata,
    spec: { import: !flags.dryRun },
  };
}

function importSpecTags(
  isi: ImageStreamImportObject,
  stream: StreamForImport | undefined,
  flags: ImportImageFlags,
): ImageStreamImportObject {
  const tags = (stream?.spec?.tags ?? []).filter((t) => t.from?.kind === 'DockerImage');
  if (tags.length === 0)
    throw new ImportRequestError('image stream does not have tags pointing to external container images');
  isi.spec.images = tags.map((t) => ({
    from: { kind: 'DockerImage', name: t.from?.name ?? '' },
    to: { name: t.name },
    importPolicy: policy(flags, t),
    referencePolicy: { type: referencePolicyType(flags.referencePolicy, t.referencePolicy?.type) },
  }));
  return isi;
}

function planAll(
  name: string,
  stream: StreamForImport | undefined,
  flags: ImportImageFlags,
): ImageStreamImportObject {
  const isi = base(name, stream, flags);
  const current = stream?.spec?.dockerImageRepository || undefined;
  const from = flags.from || current || (stream ? '' : name);
  if (!from) return importSpecTags(isi, stream, flags);
  if (stream && current && current !== from && !flags.confirm) {
    throw new ImportRequestError(
      `the image stream has a different import spec "${current}", pass --confirm to update`,
    );
  }
  isi.spec.repository = {
    from: { kind: 'DockerImage', name: from },
    importPolicy: policy(flags, undefined),
    referencePolicy: { type: referencePolicyType(flags.referencePolicy, undefined) },
  };
  return isi;
}

function sourceForTag(
  name: string,
  tag: string,
  existing: SpecTag | undefined,
  stream: StreamForImport | undefined,
  flags: ImportImageFlags,
): string {
  if (existing?.from && existing.from.kind !== 'DockerImage') {
    throw new ImportRequestError(
      `tag "${tag}" points to existing ${existing.from.kind} "${existing.from.name}", it cannot be re-imported`,
    );
  }
  if (!flags.from) {
    if (existing?.from) return existing.from.name;
    if (stream) {
      throw new ImportRequestError(
        `the tag "${tag}" does not exist on the image stream - choose an existing tag to import or use the 'tag' command to create a new tag`,
      );
    }
    return `${name}:${tag}`;
  }
  // as oc: import-image never re-points a tag, even with --confirm; that is what `tag` is for
  if (existing?.from && existing.from.name !== flags.from) {
    throw new ImportRequestError(
      `the tag "${tag}" points to "${existing.from.name}" - use the 'tag' command if you want to change the source to "${flags.from}"`,
    );
  }
  return flags.from;
}

/** The ImageStreamImport for `isctl import-image NAME[:TAG]` given the current stream (or none). */
export function planImageImport(
  target: string,
  stream: StreamForImport | undefined,
  flags: ImportImageFlags,
): ImageStreamImportObject {
  const { name, tag } = splitNameTag(target);
  if (!name) throw new ImportRequestError('you must specify the name of an image stream');
  if (!stream && !flags.confirm) {
    throw new ImportRequestError(
      `no image stream named "${name}" exists, pass --confirm to create and import`,
    );
  }
  if (flags.all) {
    if (tag) throw new ImportRequestError('cannot specify a tag as well as --all');
    return planAll(name, stream, flags);
  }
  const tagName = tag || 'latest';
  const existing = stream?.spec?.tags?.find((t) => t.name === tagName);
  const isi = base(name, stream, flags);
  isi.spec.images = [
    {
      from: { kind: 'DockerImage', name: sourceForTag(name, tagName, existing, stream, flags) },
      to: { name: tagName },
      importPolicy: policy(flags, existing),
      referencePolicy: { type: referencePolicyType(flags.referencePolicy, existing?.referencePolicy?.type) },
    },
  ];
  return isi;
}
