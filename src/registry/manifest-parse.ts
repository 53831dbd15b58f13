/** Manifest bytes -> ParsedManifest, through the zod schemas; schema 1 refused clearly. */
import type { DescriptorSchema } from './schema.js';
import { ImageManifestSchema, IndexManifestSchema, ManifestProbeSchema } from './schema.js';
import {
  MediaType,
  baseMediaType,
  isImageManifestMediaType,
  isIndexMediaType,
  isSchema1MediaType,
} from './media-types.js';
import type { Descriptor, ParsedManifest } from './types.js';

export class ManifestParseError extends Error {
  readonly unsupported: boolean;
  constructor(message: string, unsupported: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ManifestParseError';
    this.unsupported = unsupported;
  }
}

function toDescriptor(d: DescriptorSchema): Descriptor {
  const out: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.platform) {
    out.platform = { architecture: d.platform.architecture, os: d.platform.os };
    if (d.platform.variant) out.platform.variant = d.platform.variant;
    if (d.platform['os.version']) out.platform.osVersion = d.platform['os.version'];
  }
  if (d.annotations) out.annotations = d.annotations;
  if (d.artifactType) out.artifactType = d.artifactType;
  return out;
}

const SCHEMA1_MESSAGE =
  'uses the deprecated Docker schema 1 manifest format, which is not supported; push it again with a current client';

/**
 * `contentType` is the response's Content-Type; the body's own `mediaType` decides when the
 * header is missing or generic (`application/json`).
 */
export function parseManifest(bytes: Buffer, contentType: string | undefined): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ManifestParseError('manifest is not valid JSON', false, { cause: err });
  }
  const probe = ManifestProbeSchema.safeParse(json);
  if (!probe.success) throw new ManifestParseError('manifest is not a JSON object', false);
  const header = baseMediaType(contentType);
  if (
    probe.data.schemaVersion === 1 ||
    isSchema1MediaType(header) ||
    isSchema1MediaType(probe.data.mediaType)
  ) {
    throw new ManifestParseError(SCHEMA1_MESSAGE, true);
  }
  const mediaType = pickMediaType(header, probe.data);
  if (isIndexMediaType(mediaType)) return parseIndex(json, mediaType);
  if (isImageManifestMediaType(mediaType)) return parseImage(json, mediaType);
  throw new ManifestParseError(`manifest media type ${JSON.stringify(mediaType)} is not supported`, true);
}

function pickMediaType(header: string | undefined, probe: ManifestProbeSchema): string {
  if (isIndexMediaType(header) || isImageManifestMediaType(header)) return header as string;
  if (probe.mediaType) return probe.mediaType;
  // OCI allows mediaType to be absent: infer from the shape
  if (probe.manifests !== undefined) return MediaType.OciIndex;
  if (probe.config !== undefined) return MediaType.OciManifest;
  return header ?? 'unknown';
}

function parseIndex(json: unknown, mediaType: string): ParsedManifest {
  const parsed = IndexManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ManifestParseError(
      `invalid image index: ${parsed.error.issues[0]?.message ?? 'unknown'}`,
      false,
    );
  }
  const out: ParsedManifest = {
    kind: 'index',
    mediaType,
    manifests: parsed.data.manifests.map(toDescriptor),
  };
  if (parsed.data.annotations) out.annotations = parsed.data.annotations;
  return out;
}

function parseImage(json: unknown, mediaType: string): ParsedManifest {
  const parsed = ImageManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ManifestParseError(
      `invalid image manifest: ${parsed.error.issues[0]?.message ?? 'unknown'}`,
      false,
    );
  }
  const out: ParsedManifest = {
    kind: 'image',
    mediaType,
    config: toDescriptor(parsed.data.config),
    layers: parsed.data.layers.map(toDescriptor),
  };
  if (parsed.data.annotations) out.annotations = parsed.data.annotations;
  return out;
}
