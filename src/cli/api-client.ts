/**
 * A small typed REST client for the image.openshift.io API (and any Kubernetes-style API): one
 * keep-alive connection pool per client, TLS settings from the kubeconfig, and every error turned
 * into either a ClientStatusError (the server said no, with its Status) or a ClientConnectionError
 * (we could not talk to it). The bearer token is only ever put in the Authorization header.
 */
import { Agent, request, type Dispatcher } from 'undici';
import type { KubeObject } from '../api/object.js';
import type { ResourceInfo } from './resources.js';
import { kubeObjectSchema, objectListSchema, statusSchema, type StatusView } from './schema.js';
import type { StatusLike } from './errors.js';

export interface ClientConfig {
  /** e.g. https://127.0.0.1:8443 */
  server: string;
  token?: string;
  /** PEM CA bundle to trust for the server's certificate */
  ca?: string;
  insecureSkipTlsVerify?: boolean;
  /** per request; default 60 s */
  timeoutMs?: number;
  userAgent?: string;
}

/** The server answered with an error; code/reason/message come from its Status when it sent one. */
export class ClientStatusError extends Error implements StatusLike {
  readonly code: number;
  readonly reason: string;
  readonly details: StatusView['details'];
  constructor(code: number, reason: string, message: string, details?: StatusView['details']) {
    super(message);
    this.name = 'ClientStatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

/** The server could not be reached (refused, DNS, TLS, timeout). */
export class ClientConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClientConnectionError';
  }
}

export const PatchType = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;
export type PatchType = keyof typeof PatchType;

export interface ListOptions {
  /** undefined: all namespaces */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** page size used while following `continue`; default 500 as kubectl */
  chunkSize?: number;
}

export interface ObjectList {
  resourceVersion: string;
  items: KubeObject[];
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  query?: Record<string, string | undefined>;
}

const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A path segment: names like `ruby:latest` and `ruby@sha256:…` keep their `:` and `@`, as kubectl sends them. */
function segment(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%40/g, '@');
}

export function resourcePath(r: ResourceInfo, namespace?: string, name?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${segment(namespace)}` : '';
  return `${base}${ns}/${r.resource}${name === undefined ? '' : `/${segment(name)}`}`;
}

function errorFromBody(code: number, text: string): ClientStatusError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const status = statusSchema.safeParse(parsed);
  if (status.success && status.data.message) {
    const s = status.data;
    return new ClientStatusError(
      s.code ?? code,
      s.reason ?? REASON_BY_CODE[code] ?? '',
      s.message ?? '',
      s.details,
    );
  }
  const fallback =
    code === 404 ? 'the server could not find the requested resource' : text.trim() || `HTTP ${code}`;
  return new ClientStatusError(code, REASON_BY_CODE[code] ?? '', fallback);
}

function connectionError(server: string, err: unknown): ClientConnectionError {
  const code =
    (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
  const host = new URL(server).host;
  if (code === 'ECONNREFUSED') {
    return new ClientConnectionError(
      `The connection to the server ${host} was refused - did you specify the right host or port?`,
      { cause: err },
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new ClientConnectionError(`Unable to connect to the server: ${detail}`, { cause: err });
}

export class ApiClient {
  readonly server: string;
  private readonly config: ClientConfig;
  private readonly agent: Dispatcher;

  constructor(config: ClientConfig) {
    this.config = config;
    this.server = config.server.replace(/\/+$/, '');
    const tls = config.server.startsWith('https:')
      ? { ca: config.ca, rejectUnauthorized: config.insecureSkipTlsVerify !== true }
      : {};
    this.agent = new Agent({ keepAliveTimeout: 30_000, connect: tls });
  }

  private headers(options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.config.userAgent ?? 'isctl',
    };
    if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    return headers;
  }

  /** One request; the parsed JSON body on 2xx, a ClientStatusError otherwise. */
  async request(method: Dispatcher.HttpMethod, path: string, options: RequestOptions = {}): Promise<unknown> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers = this.headers(options);
    const body =
      options.body === undefined
        ? undefined
        : Buffer.isBuffer(options.body)
          ? options.body
          : JSON.stringify(options.body);
    const timeout = this.config.timeoutMs ?? 60_000;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method,
        headers,
        body,
        dispatcher: this.agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (err) {
      throw connectionError(this.server, err);
    }
    const text = await response.body.text();
    if (response.statusCode >= 400) throw errorFromBody(response.statusCode, text);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  /** A streaming GET (watches): the raw body on 2xx, without a body timeout; ends when `signal` aborts. */
  async stream(
    method: Dispatcher.HttpMethod,
    path: string,
    signal: AbortSignal,
    options: RequestOptions = {},
  ): Promise<Dispatcher.ResponseData['body']> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method,
        headers: this.headers(options),
        dispatcher: this.agent,
        signal,
        bodyTimeout: 0,
      });
    } catch (err) {
      throw connectionError(this.server, err);
    }
    if (response.statusCode >= 400) throw errorFromBody(response.statusCode, await response.body.text());
    return response.body;
  }

  async get(r: ResourceInfo, name: string, namespace?: string): Promise<KubeObject> {
    return kubeObjectSchema.parse(await this.request('GET', resourcePath(r, namespace, name)));
  }

  /** Every item, following `continue` tokens page by page. */
  async list(r: ResourceInfo, options: ListOptions = {}): Promise<ObjectList> {
    const items: KubeObject[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const raw = await this.request('GET', resourcePath(r, options.namespace), {
        query: {
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
          limit: String(options.chunkSize ?? 500),
          continue: token,
        },
      });
      const page = objectListSchema.parse(raw);
      items.push(...(page.items ?? []));
      resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
      token = page.metadata.continue || undefined;
    } while (token);
    return { resourceVersion, items };
  }

  async create(r: ResourceInfo, body: unknown, namespace?: string): Promise<KubeObject> {
    const raw = await this.request('POST', resourcePath(r, namespace), { body });
    return kubeObjectSchema.parse(raw);
  }

  async update(r: ResourceInfo, name: string, body: unknown, namespace?: string): Promise<KubeObject> {
    const raw = await this.request('PUT', resourcePath(r, namespace, name), { body });
    return kubeObjectSchema.parse(raw);
  }

  async patch(
    r: ResourceInfo,
    name: string,
    patch: unknown,
    type: PatchType,
    namespace?: string,
  ): Promise<KubeObject> {
    const raw = await this.request('PATCH', resourcePath(r, namespace, name), {
      body: patch,
      contentType: PatchType[type],
    });
    return kubeObjectSchema.parse(raw);
  }

  /** Server-side apply: the whole intent as `application/apply-patch+yaml` (JSON is YAML). */
  async serverSideApply(
    r: ResourceInfo,
    name: string,
    body: unknown,
    options: { fieldManager: string; force: boolean; namespace?: string },
  ): Promise<KubeObject> {
    const raw = await this.request('PATCH', resourcePath(r, options.namespace, name), {
      body,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: options.fieldManager, force: options.force ? 'true' : undefined },
    });
    return kubeObjectSchema.parse(raw);
  }

  /** The server's answer to a DELETE (the deleted object or a Status). */
  async delete(r: ResourceInfo, name: string, namespace?: string): Promise<unknown> {
    return this.request('DELETE', resourcePath(r, namespace, name));
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
