/**
 * Image (cluster-scoped, named by its digest). `dockerImageMetadata` is a raw extension in
 * OpenShift, so the DockerImage fields are modelled leniently: known ones typed, others kept.
 */
import { z } from 'zod';
import { int, metadata, opt, str, stringMap, typeMeta } from './common.js';

export const DockerConfigSchema = z.looseObject({
  Hostname: opt(z.string()),
  User: opt(z.string()),
  ExposedPorts: opt(z.record(z.string(), z.unknown())),
  Env: opt(z.array(z.string())),
  Cmd: opt(z.array(z.string())),
  Entrypoint: opt(z.array(z.string())),
  WorkingDir: opt(z.string()),
  Labels: stringMap(),
  Volumes: opt(z.record(z.string(), z.unknown())),
  StopSignal: opt(z.string()),
});

export const DockerImageSchema = z.looseObject({
  kind: opt(z.string()),
  apiVersion: opt(z.string()),
  Id: opt(z.string()),
  Parent: opt(z.string()),
  Comment: opt(z.string()),
  Created: opt(z.string()),
  Container: opt(z.string()),
  ContainerConfig: opt(DockerConfigSchema),
  DockerVersion: opt(z.string()),
  Author: opt(z.string()),
  Config: opt(DockerConfigSchema),
  Architecture: opt(z.string()),
  Os: opt(z.string()),
  Variant: opt(z.string()),
  Size: opt(z.number()),
});

export const ImageLayerSchema = z.object({
  name: z.string(),
  size: z.preprocess((v) => v ?? 0, z.number()),
  mediaType: str(),
});

export const ImageManifestSchema = z.object({
  digest: z.string(),
  mediaType: str(),
  manifestSize: z.preprocess((v) => v ?? 0, int()),
  architecture: str(),
  os: str(),
  variant: opt(z.string()),
});

/** Signatures are stored as given; this server does not verify them. */
export const ImageSignatureSchema = z.looseObject({
  metadata: opt(z.looseObject({ name: opt(z.string()) })),
  type: str(),
  content: str(),
});

export const ImageSchema = z.object({
  ...typeMeta(),
  metadata: metadata(),
  dockerImageReference: str(),
  dockerImageMetadata: opt(DockerImageSchema),
  dockerImageMetadataVersion: opt(z.string()),
  dockerImageManifest: opt(z.string()),
  dockerImageManifestMediaType: opt(z.string()),
  dockerImageConfig: opt(z.string()),
  dockerImageLayers: z.preprocess((v) => v ?? [], z.array(ImageLayerSchema)),
  dockerImageManifests: opt(z.array(ImageManifestSchema)),
  dockerImageSignatures: opt(z.array(z.string())),
  signatures: opt(z.array(ImageSignatureSchema)),
});
