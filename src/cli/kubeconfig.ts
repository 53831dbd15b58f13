/**
 * Where a client command connects, decided as kubectl and oc decide it: flags first, then the
 * current context of the kubeconfig (`--kubeconfig`, else every file of `$KUBECONFIG` merged with
 * the first definition winning, else ~/.kube/config), then defaults (our local server).
 */
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { z } from 'zod';
import { CliError } from './errors.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:8443';
const DEFAULT_NAMESPACE = 'default';

const clusterSchema = z
  .object({
    server: z.string().optional(),
    'certificate-authority': z.string().optional(),
    'certificate-authority-data': z.string().optional(),
    'insecure-skip-tls-verify': z.boolean().optional(),
  })
  .loose();
const userSchema = z.object({ token: z.string().optional(), tokenFile: z.string().optional() }).loose();
const contextSchema = z
  .object({ cluster: z.string().optional(), user: z.string().optional(), namespace: z.string().optional() })
  .loose();

export const kubeconfigSchema = z
  .object({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    'current-context': z.string().nullish(),
    clusters: z.array(z.object({ name: z.string(), cluster: clusterSchema.nullish() }).loose()).nullish(),
    users: z.array(z.object({ name: z.string(), user: userSchema.nullish() }).loose()).nullish(),
    contexts: z.array(z.object({ name: z.string(), context: contextSchema.nullish() }).loose()).nullish(),
  })
  .loose();
export type Kubeconfig = z.infer<typeof kubeconfigSchema>;
type Cluster = z.infer<typeof clusterSchema>;
type User = z.infer<typeof userSchema>;
type Context = z.infer<typeof contextSchema>;

/** The connection flags every client command takes (commander's camelCase names). */
export interface ConnectionFlags {
  server?: string;
  namespace?: string;
  token?: string;
  kubeconfig?: string;
  context?: string;
  insecureSkipTlsVerify?: boolean;
  certificateAuthority?: string;
}

export interface ResolvedConnection {
  server: string;
  namespace: string;
  token?: string;
  /** PEM bundle */
  ca?: string;
  insecureSkipTlsVerify: boolean;
}

/** File access, injected so that resolution is testable without touching the disk. */
export interface KubeconfigEnv {
  env: Record<string, string | undefined>;
  homedir: string;
  /** undefined when the file does not exist */
  readFile(file: string): string | undefined;
}

/** An entry together with the directory of the file that defined it (relative paths resolve there). */
interface Sourced<T> {
  value: T;
  dir: string;
}

interface MergedConfig {
  currentContext?: string;
  clusters: Map<string, Sourced<Cluster>>;
  users: Map<string, Sourced<User>>;
  contexts: Map<string, Sourced<Context>>;
}

export function kubeconfigPaths(flags: ConnectionFlags, e: KubeconfigEnv): string[] {
  if (flags.kubeconfig) return [flags.kubeconfig];
  const list = (e.env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p !== '');
  return list.length > 0 ? list : [path.join(e.homedir, '.kube', 'config')];
}

function parseKubeconfig(text: string, file: string): Kubeconfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new CliError(`error loading config file "${file}": ${(err as Error).message}`, { cause: err });
  }
  const parsed = kubeconfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new CliError(`error loading config file "${file}": ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

function addAll<T>(
  into: Map<string, Sourced<T>>,
  entries: { name: string; value: T | null | undefined }[],
  dir: string,
) {
  for (const e of entries) if (!into.has(e.name) && e.value) into.set(e.name, { value: e.value, dir });
}

function loadKubeconfigs(flags: ConnectionFlags, e: KubeconfigEnv): MergedConfig {
  const merged: MergedConfig = { clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const file of kubeconfigPaths(flags, e)) {
    const text = e.readFile(file);
    if (text === undefined) {
      if (flags.kubeconfig) throw new CliError(`stat ${file}: no such file or directory`);
      continue;
    }
    const cfg = parseKubeconfig(text, file);
    const dir = path.dirname(path.resolve(file));
    merged.currentContext ??= cfg['current-context'] || undefined;
    addAll(
      merged.clusters,
      (cfg.clusters ?? []).map((c) => ({ name: c.name, value: c.cluster })),
      dir,
    );
    addAll(
      merged.users,
      (cfg.users ?? []).map((u) => ({ name: u.name, value: u.user })),
      dir,
    );
    addAll(
      merged.contexts,
      (cfg.contexts ?? []).map((c) => ({ name: c.name, value: c.context })),
      dir,
    );
  }
  return merged;
}

function readRequired(e: KubeconfigEnv, file: string, what: string): string {
  const text = e.readFile(file);
  if (text === undefined) throw new CliError(`unable to read ${what} "${file}": no such file`);
  return text;
}

function caOf(
  flags: ConnectionFlags,
  cluster: Sourced<Cluster> | undefined,
  e: KubeconfigEnv,
): string | undefined {
  if (flags.certificateAuthority) return readRequired(e, flags.certificateAuthority, 'certificate authority');
  const c = cluster?.value;
  if (c?.['certificate-authority-data'])
    return Buffer.from(c['certificate-authority-data'], 'base64').toString();
  if (c?.['certificate-authority'] && cluster) {
    return readRequired(e, path.resolve(cluster.dir, c['certificate-authority']), 'certificate authority');
  }
  return undefined;
}

function tokenOf(
  flags: ConnectionFlags,
  user: Sourced<User> | undefined,
  e: KubeconfigEnv,
): string | undefined {
  if (flags.token) return flags.token;
  if (user?.value.token) return user.value.token;
  if (user?.value.tokenFile)
    return readRequired(e, path.resolve(user.dir, user.value.tokenFile), 'token file').trim();
  return undefined;
}

function pickContext(flags: ConnectionFlags, cfg: MergedConfig): Context | undefined {
  const name = flags.context ?? cfg.currentContext;
  if (!name) return undefined;
  const ctx = cfg.contexts.get(name)?.value;
  if (!ctx && flags.context) throw new CliError(`context "${flags.context}" does not exist`);
  return ctx;
}

function basics(
  flags: ConnectionFlags,
  ctx: Context | undefined,
  cluster: Cluster | undefined,
): ResolvedConnection {
  return {
    server: flags.server ?? cluster?.server ?? DEFAULT_SERVER,
    namespace: flags.namespace ?? ctx?.namespace ?? DEFAULT_NAMESPACE,
    insecureSkipTlsVerify: flags.insecureSkipTlsVerify ?? cluster?.['insecure-skip-tls-verify'] ?? false,
  };
}

/** Flags override the kubeconfig's current context, which overrides the defaults. */
export function resolveConnection(flags: ConnectionFlags, e: KubeconfigEnv): ResolvedConnection {
  const cfg = loadKubeconfigs(flags, e);
  const ctx = pickContext(flags, cfg);
  const cluster = ctx?.cluster ? cfg.clusters.get(ctx.cluster) : undefined;
  const user = ctx?.user ? cfg.users.get(ctx.user) : undefined;
  const resolved = basics(flags, ctx, cluster?.value);
  const token = tokenOf(flags, user, e);
  if (token) resolved.token = token;
  const ca = caOf(flags, cluster, e);
  if (ca) resolved.ca = ca;
  return resolved;
}

export interface KubeconfigSpec {
  server: string;
  token?: string;
  namespace?: string;
  certificateAuthority?: string;
  insecureSkipTlsVerify?: boolean;
}

/** A kubeconfig with one cluster, user and context named `imagestreams`. */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  const cluster: Cluster = { server: spec.server };
  if (spec.certificateAuthority) cluster['certificate-authority'] = spec.certificateAuthority;
  if (spec.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'imagestreams', cluster }],
    users: [{ name: 'imagestreams', user: spec.token ? { token: spec.token } : {} }],
    contexts: [
      {
        name: 'imagestreams',
        context: {
          cluster: 'imagestreams',
          user: 'imagestreams',
          namespace: spec.namespace ?? DEFAULT_NAMESPACE,
        },
      },
    ],
    'current-context': 'imagestreams',
    preferences: {},
  };
  return toYaml(doc, { indentSeq: false });
}
