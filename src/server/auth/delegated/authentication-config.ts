/**
 * Where the delegated authentication's settings come from, as k8s.io/apiserver's
 * DelegatingAuthenticationOptions decides: the `--requestheader-*` and `--client-ca-file` flags
 * when given, else the `kube-system/extension-apiserver-authentication` ConfigMap that
 * kube-apiserver publishes (its CA bundles as PEM, its lists as JSON).
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_REQUEST_HEADERS, type RequestHeaderConfig } from './request-header.js';
import { AUTHENTICATION_CONFIGMAP } from './kube-reviews.js';

/** The flags of `isctl serve --aggregated` (ServerOptions fields). */
export interface DelegatedAuthOptions {
  /** serve behind kube-apiserver: authentication and authorization by the cluster */
  aggregated?: boolean;
  kubeconfig?: string;
  inCluster?: boolean;
  requestheaderClientCaFile?: string;
  requestheaderAllowedNames?: string[];
  requestheaderUsernameHeaders?: string[];
  requestheaderUidHeaders?: string[];
  requestheaderGroupHeaders?: string[];
  requestheaderExtraHeadersPrefix?: string[];
  clientCaFile?: string;
  /** how often the client CAs are re-read besides on file changes (default 60 s, as kube) */
  clientCaResyncMs?: number;
  /** the CA of kube-apiserver's client certificate for the admission webhooks (admission-callers.ts) */
  admissionClientCaFile?: string;
  authenticationTokenWebhookCacheTtlMs?: number;
  authorizationWebhookCacheAuthorizedTtlMs?: number;
  authorizationWebhookCacheUnauthorizedTtlMs?: number;
}

export interface CertificateAuthConfig {
  requestHeader?: RequestHeaderConfig;
  /** CA bundle (PEM) of plain client certificates: user = CN, groups = O */
  clientCaPem?: string;
}

const where = `the ConfigMap ${AUTHENTICATION_CONFIGMAP.namespace}/${AUTHENTICATION_CONFIGMAP.name}`;

function jsonList(data: Record<string, string>, key: string): string[] | undefined {
  const raw = data[key];
  if (raw === undefined || raw.trim() === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new Error(`${where}: ${key} is not a JSON list of strings`, { cause: e });
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new Error(`${where}: ${key} is not a JSON list of strings`);
  return v as string[];
}

function requestHeaderFromConfigMap(data: Record<string, string>): RequestHeaderConfig | undefined {
  const caPem = data['requestheader-client-ca-file'];
  if (!caPem?.trim()) return undefined;
  return {
    caPem,
    allowedNames: jsonList(data, 'requestheader-allowed-names') ?? [],
    usernameHeaders: jsonList(data, 'requestheader-username-headers') ?? [
      ...DEFAULT_REQUEST_HEADERS.usernameHeaders,
    ],
    uidHeaders: jsonList(data, 'requestheader-uid-headers') ?? [...DEFAULT_REQUEST_HEADERS.uidHeaders],
    groupHeaders: jsonList(data, 'requestheader-group-headers') ?? [...DEFAULT_REQUEST_HEADERS.groupHeaders],
    extraHeaderPrefixes: jsonList(data, 'requestheader-extra-headers-prefix') ?? [
      ...DEFAULT_REQUEST_HEADERS.extraHeaderPrefixes,
    ],
  };
}

async function readPem(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${flag} ${path}`, { cause: e });
  }
}

async function requestHeaderFromFlags(o: DelegatedAuthOptions): Promise<RequestHeaderConfig | undefined> {
  if (!o.requestheaderClientCaFile) return undefined;
  return {
    caPem: await readPem(o.requestheaderClientCaFile, '--requestheader-client-ca-file'),
    allowedNames: o.requestheaderAllowedNames ?? [],
    usernameHeaders: o.requestheaderUsernameHeaders ?? [...DEFAULT_REQUEST_HEADERS.usernameHeaders],
    uidHeaders: o.requestheaderUidHeaders ?? [...DEFAULT_REQUEST_HEADERS.uidHeaders],
    groupHeaders: o.requestheaderGroupHeaders ?? [...DEFAULT_REQUEST_HEADERS.groupHeaders],
    extraHeaderPrefixes: o.requestheaderExtraHeadersPrefix ?? [
      ...DEFAULT_REQUEST_HEADERS.extraHeaderPrefixes,
    ],
  };
}

/**
 * The flags first; what they leave open from the ConfigMap (read only then). `readConfigMap`
 * answers undefined when the ConfigMap does not exist.
 */
export async function certificateAuthConfig(
  o: DelegatedAuthOptions,
  readConfigMap: () => Promise<Record<string, string> | undefined>,
): Promise<CertificateAuthConfig> {
  const fromFlags = await requestHeaderFromFlags(o);
  const clientCaPem = o.clientCaFile ? await readPem(o.clientCaFile, '--client-ca-file') : undefined;
  const data = fromFlags && clientCaPem ? undefined : await readAuthenticationConfigMap(readConfigMap);
  const requestHeader = fromFlags ?? (data ? requestHeaderFromConfigMap(data) : undefined);
  const clientCa = clientCaPem ?? (data?.['client-ca-file']?.trim() ? data['client-ca-file'] : undefined);
  return { ...(requestHeader ? { requestHeader } : {}), ...(clientCa ? { clientCaPem: clientCa } : {}) };
}

async function readAuthenticationConfigMap(
  readConfigMap: () => Promise<Record<string, string> | undefined>,
): Promise<Record<string, string> | undefined> {
  try {
    return await readConfigMap();
  } catch (e) {
    throw new Error(
      `${(e as Error).message}; the server's ServiceAccount needs the Role extension-apiserver-authentication-reader in kube-system (deploy/kubernetes/25-aggregation.yaml), or pass --requestheader-client-ca-file`,
      { cause: e },
    );
  }
}
