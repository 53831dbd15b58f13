/**
 * What we read from the Docker Engine API (1.41). Lenient: only the fields used are modelled and
 * everything else passes through untouched, because a replacement must carry configuration we
 * do not know about.
 */
import { z } from 'zod';

const StringMap = z.record(z.string(), z.string()).nullish();
const StringList = z.array(z.string()).nullish();

const HealthConfigSchema = z.looseObject({ Test: StringList });

export const ContainerConfigSchema = z.looseObject({
  Hostname: z.string().optional(),
  Image: z.string().optional(),
  Labels: StringMap,
  Env: StringList,
  Cmd: StringList,
  Entrypoint: z.union([z.string(), z.array(z.string())]).nullish(),
  Healthcheck: HealthConfigSchema.nullish(),
  WorkingDir: z.string().optional(),
  User: z.string().optional(),
  StopSignal: z.string().optional(),
  StopTimeout: z.number().nullish(),
  ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
  Volumes: z.record(z.string(), z.unknown()).nullish(),
});
export type ContainerConfigSchema = z.infer<typeof ContainerConfigSchema>;

const PortBindingSchema = z.looseObject({
  HostIp: z.string().nullish(),
  HostPort: z.string().nullish(),
});

const HostConfigSchema = z.looseObject({
  NetworkMode: z.string().optional(),
  PortBindings: z.record(z.string(), z.array(PortBindingSchema).nullish()).nullish(),
  Binds: StringList,
  Mounts: z.array(z.looseObject({ Target: z.string().optional() })).nullish(),
});
type HostConfigSchema = z.infer<typeof HostConfigSchema>;

export const EndpointSchema = z.looseObject({
  Aliases: StringList,
  IPAMConfig: z.unknown().optional(),
  Links: StringList,
  DriverOpts: z.unknown().optional(),
});
export type EndpointSchema = z.infer<typeof EndpointSchema>;

export const ContainerInspectSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  Image: z.string(),
  Config: ContainerConfigSchema,
  HostConfig: HostConfigSchema,
  State: z.looseObject({
    Status: z.string(),
    Running: z.boolean(),
    ExitCode: z.number().optional(),
    Health: z.looseObject({ Status: z.string() }).nullish(),
  }),
  NetworkSettings: z.looseObject({ Networks: z.record(z.string(), EndpointSchema).nullish() }).nullish(),
  Mounts: z
    .array(
      z.looseObject({
        Type: z.string().optional(),
        Name: z.string().optional(),
        Destination: z.string(),
        RW: z.boolean().optional(),
      }),
    )
    .nullish(),
});
export type ContainerInspectSchema = z.infer<typeof ContainerInspectSchema>;

export const ImageInspectSchema = z.object({
  Id: z.string(),
  RepoDigests: StringList,
  Config: ContainerConfigSchema.nullish(),
});
export type ImageInspectSchema = z.infer<typeof ImageInspectSchema>;

export const ContainerSummarySchema = z.object({
  Id: z.string(),
  Names: z.array(z.string()),
  Labels: StringMap,
  State: z.string().optional(),
});
export type ContainerSummarySchema = z.infer<typeof ContainerSummarySchema>;
