/**
 * Requests to this server's public API (same origin) with the tab's bearer token. Errors are the
 * API's Kubernetes `Status`, carried as an ApiError; a 401 sends the user to the sign-in page.
 */
import type { Status } from '../../../../src/api/status-error.js';
import { adoptEarly, getHeaders } from './early-lists.js';
import { getToken } from './token.js';

export class ApiError extends Error {
  readonly code: number;
  readonly status: Partial<Status> | undefined;
  constructor(code: number, message: string, status?: Partial<Status>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

/** Listeners told when the API answers 401 (the app shows the sign-in page). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function authHeaders(token = getToken()): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function errorOf(response: Response): Promise<ApiError> {
  let status: Partial<Status> | undefined;
  try {
    status = (await response.json()) as Partial<Status>;
  } catch {
    status = undefined;
  }
  if (response.status === 401) for (const listener of unauthorizedListeners) listener();
  const message =
    typeof status?.message === 'string' ? status.message : `${response.status} ${response.statusText}`;
  return new ApiError(response.status, message, status);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  token?: string;
  /** the representation asked for (default: the objects, application/json) */
  accept?: string;
}

/** A GET the app requested early (early-lists.ts) answers from there; anything else is sent now. */
function send(path: string, options: RequestOptions): Promise<Response> {
  const accept = options.accept ?? 'application/json';
  const method = options.method ?? 'GET';
  const early = method === 'GET' && options.token === undefined ? adoptEarly(path, accept) : undefined;
  if (early) return early;
  const headers = getHeaders(accept, options.token ?? getToken());
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers, cache: 'no-store' };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  if (options.signal) init.signal = options.signal;
  return fetch(path, init);
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

export { errorOf };
