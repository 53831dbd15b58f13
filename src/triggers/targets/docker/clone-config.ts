/**
 * The create request for a replacement container: the old container's configuration with the new
 * image. What the old container merely inherited from its image (env, cmd, entrypoint, labels,
 * healthcheck, …) is dropped so that the new image's defaults apply, as Watchtower does; what the
 * user set is kept. Anonymous volumes are re-attached by name so their data survives.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ContainerCreateOptions } from 'dockerode';
import { BOOKKEEPING_LABELS } from '../../labels.js';
import type {
  ContainerConfigSchema,
  ContainerInspectSchema,
  EndpointSchema,
  ImageInspectSchema,
} from './schema.js';

export interface ReplacementSpec {
  create: ContainerCreateOptions;
  /** Networks beyond the first: API 1.41 creates with one endpoint, the rest are connected before start. */
  connect: Array<{ network: string; endpoint: Record<string, unknown> }>;
}

export interface ReplacementInput {
  old: ContainerInspectSchema;
  /** The old container's image, to tell inherited settings from the user's. */
  oldImage: ImageInspectSchema | undefined;
  image: string;
  name: string;
  labels: Record<string, string>;
}

export function buildReplacementSpec(input: ReplacementInput): ReplacementSpec {
  const { old } = input;
  const config = userConfig(old, input.oldImage?.Config ?? undefined);
  config.Image = input.image;
  config.Labels = { ...userLabels(old.Config.Labels, input.oldImage?.Config?.Labels), ...input.labels };
  const hostConfig = withAnonymousVolumes(old);
  const { primary, connect } = networking(old);
  const create = {
    ...config,
    name: input.name,
    HostConfig: hostConfig,
    ...(primary ? { NetworkingConfig: { EndpointsConfig: primary } } : {}),
  } as ContainerCreateOptions;
  return { create, connect };
}

const INHERITABLE = ['WorkingDir', 'User', 'StopSignal', 'Healthcheck'] as const;

function userConfig(
  old: ContainerInspectSchema,
  image: ContainerConfigSchema | undefined,
): Record<string, unknown> {
  const c: Record<string, unknown> = { ...old.Config };
  if (!chosenHostname(old)) delete c.Hostname;
  if (!image) return c;
  c.Env = (old.Config.Env ?? []).filter((e) => !(image.Env ?? []).includes(e));
  dropInheritedCommand(c, old.Config, image);
  for (const key of INHERITABLE) {
    if (isDeepStrictEqual(old.Config[key] ?? null, image[key] ?? null)) delete c[key];
  }
  c.ExposedPorts = withoutKeys(old.Config.ExposedPorts, image.ExposedPorts);
  c.Volumes = withoutKeys(old.Config.Volumes, image.Volumes);
  return c;
}

/** False for the generated short id, and where Docker decides the hostname (host or another container's network). */
function chosenHostname(old: ContainerInspectSchema): boolean {
  const mode = old.HostConfig.NetworkMode ?? '';
  if (mode === 'host' || mode.startsWith('container:')) return false;
  return old.Config.Hostname !== old.Id.slice(0, 12);
}

function dropInheritedCommand(
  c: Record<string, unknown>,
  mine: ContainerConfigSchema,
  image: ContainerConfigSchema,
): void {
  const entrypointInherited = isDeepStrictEqual(mine.Entrypoint ?? null, image.Entrypoint ?? null);
  if (!entrypointInherited) return;
  delete c.Entrypoint;
  // With a user entrypoint Docker does not inherit the image's Cmd, so only then can Cmd be inherited.
  if (isDeepStrictEqual(mine.Cmd ?? null, image.Cmd ?? null)) delete c.Cmd;
}

function withoutKeys(
  mine: Record<string, unknown> | null | undefined,
  inherited: Record<string, unknown> | null | undefined,
): Record<string, unknown> | undefined {
  if (!mine) return undefined;
  const out = Object.fromEntries(Object.entries(mine).filter(([k]) => !inherited || !(k in inherited)));
  return Object.keys(out).length > 0 ? out : undefined;
}

function userLabels(
  mine: Record<string, string> | null | undefined,
  inherited: Record<string, string> | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(mine ?? {})) {
    if (BOOKKEEPING_LABELS.includes(k)) continue;
    if (inherited?.[k] === v) continue;
    out[k] = v;
  }
  return out;
}

/** Adds the old container's anonymous volumes as named mounts at the same targets. */
function withAnonymousVolumes(old: ContainerInspectSchema): Record<string, unknown> {
  const hc: Record<string, unknown> = { ...old.HostConfig };
  const taken = new Set<string>();
  for (const b of old.HostConfig.Binds ?? []) taken.add(b.split(':')[1] ?? '');
  for (const m of old.HostConfig.Mounts ?? []) if (m.Target) taken.add(m.Target);
  const extra = (old.Mounts ?? [])
    .filter((m) => m.Type === 'volume' && m.Name && !taken.has(m.Destination))
    .map((m) => ({ Type: 'volume', Source: m.Name, Target: m.Destination, ReadOnly: m.RW === false }));
  if (extra.length > 0) hc.Mounts = [...(old.HostConfig.Mounts ?? []), ...extra];
  return hc;
}

const NO_ENDPOINTS = new Set(['host', 'none']);

function networking(old: ContainerInspectSchema): {
  primary: Record<string, Record<string, unknown>> | undefined;
  connect: ReplacementSpec['connect'];
} {
  const mode = old.HostConfig.NetworkMode ?? 'default';
  const networks = old.NetworkSettings?.Networks ?? {};
  if (NO_ENDPOINTS.has(mode) || mode.startsWith('container:')) return { primary: undefined, connect: [] };
  const names = Object.keys(networks);
  const first = names.includes(mode) ? mode : names[0];
  if (first === undefined) return { primary: undefined, connect: [] };
  const shortId = old.Id.slice(0, 12);
  const endpoint = (name: string) => endpointConfig(networks[name], shortId);
  return {
    primary: { [first]: endpoint(first) },
    connect: names.filter((n) => n !== first).map((network) => ({ network, endpoint: endpoint(network) })),
  };
}

/** The user's part of an endpoint: aliases (without the old short id), static IPs, links. */
function endpointConfig(ep: EndpointSchema | undefined, shortId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const aliases = (ep?.Aliases ?? []).filter((a) => a !== shortId);
  if (aliases.length > 0) out.Aliases = aliases;
  if (ep?.IPAMConfig) out.IPAMConfig = ep.IPAMConfig;
  if (ep?.Links && ep.Links.length > 0) out.Links = ep.Links;
  if (ep?.DriverOpts) out.DriverOpts = ep.DriverOpts;
  return out;
}
