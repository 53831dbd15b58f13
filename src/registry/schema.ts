/**
 * Zod schemas for everything a registry sends us. Lenient: only the fields we use are modelled,
 * unknown fields pass, and the inferred type carries the schema's name.
 */
import { z } from 'zod';

const PlatformSchema = z.object({
  architecture: z.string(),
  os: z.string(),
  variant: z.string().optional(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
  features: z.array(z.string()).optional(),
});
type PlatformSchema = z.infer<typeof PlatformSchema>;

const digestString = z.string().regex(/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, {
  message: 'not a digest',
});

export const DescriptorSchema = z.object({
  mediaType: z.string(),
  digest: digestString,
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  /** OCI 1.1: what an artifact manifest (a referrer) holds */
  artifactType: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: PlatformSchema.optional(),
});
export type DescriptorSchema = z.infer<typeof DescriptorSchema>;

export const ImageManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: DescriptorSchema,
  layers: z.array(DescriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type ImageManifestSchema = z.infer<typeof ImageManifestSchema>;

export const IndexManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(DescriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type IndexManifestSchema = z.infer<typeof IndexManifestSchema>;

/** Only to tell a schema 1 manifest apart before the real parse. */
export const ManifestProbeSchema = z.object({
  schemaVersion: z.number().optional(),
  mediaType: z.string().optional(),
  manifests: z.unknown().optional(),
  config: z.unknown().optional(),
});
export type ManifestProbeSchema = z.infer<typeof ManifestProbeSchema>;

const stringMap = z.record(z.string(), z.string());
const emptyObjectMap = z.record(z.string(), z.unknown());

/** Docker and OCI image config, the `config` blob. */
export const ImageConfigBlobSchema = z.object({
  created: z.string().optional(),
  author: z.string().optional(),
  architecture: z.string().optional(),
  os: z.string().optional(),
  variant: z.string().optional(),
  config: z
    .object({
      User: z.string().optional(),
      ExposedPorts: emptyObjectMap.nullish(),
      Env: z.array(z.string()).nullish(),
      Entrypoint: z.array(z.string()).nullish(),
      Cmd: z.array(z.string()).nullish(),
      WorkingDir: z.string().optional(),
      Labels: stringMap.nullish(),
      Volumes: emptyObjectMap.nullish(),
      StopSignal: z.string().optional(),
    })
    .nullish(),
});
export type ImageConfigBlobSchema = z.infer<typeof ImageConfigBlobSchema>;

export const TagListSchema = z.object({
  name: z.string().optional(),
  tags: z.array(z.string()).nullish(),
});
export type TagListSchema = z.infer<typeof TagListSchema>;

/** Token endpoint answer: Docker's `token` or OAuth2's `access_token`. */
export const TokenResponseSchema = z
  .object({
    token: z.string().min(1).optional(),
    access_token: z.string().min(1).optional(),
    expires_in: z.number().positive().optional(),
    issued_at: z.string().optional(),
  })
  .refine((t) => t.token !== undefined || t.access_token !== undefined, {
    message: 'neither token nor access_token present',
  });
export type TokenResponseSchema = z.infer<typeof TokenResponseSchema>;

/** The distribution spec error body: `{"errors":[{"code":"MANIFEST_UNKNOWN","message":...}]}`. */
export const ErrorBodySchema = z.object({
  errors: z
    .array(
      z.object({
        code: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .optional(),
});
export type ErrorBodySchema = z.infer<typeof ErrorBodySchema>;
