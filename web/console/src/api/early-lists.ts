/**
 * The first page's lists, requested while the app is still starting. main.tsx imports this module
 * first, so these requests leave as soon as the bundle runs, not after the app's modules, its
 * first render and its effects (~0.2 s with 1,000 streams); the page's first `apiRequest` for the
 * same path and Accept adopts the answer (once). A page that asks for something else just
 * requests it: an early answer nobody adopts is dropped.
 */
import { firstLists, type FirstList } from './first-lists.js';
import { getToken } from './token.js';

/** by path and Accept: the answer, and the token it was asked with (adopted with that token only) */
const early = new Map<string, { response: Promise<Response>; token: string | undefined }>();
const keyOf = (path: string, accept: string): string => `${accept} ${path}`;

/** The headers of `apiRequest` for a GET: the same request, whoever sends it. */
export function getHeaders(accept: string, token = getToken()): Record<string, string> {
  return token ? { accept, authorization: `Bearer ${token}` } : { accept };
}

function start(list: FirstList): void {
  const token = getToken();
  const response = fetch(list.path, { headers: getHeaders(list.accept, token), cache: 'no-store' });
  // a failure is reported by whoever adopts it, not as an unhandled rejection
  response.catch(() => undefined);
  early.set(keyOf(list.path, list.accept), { response, token });
}

/**
 * The early answer for this GET, if one was requested with the same token and not yet adopted. An
 * answer may be older than the page (the user stayed on another page first): a list is a snapshot
 * anyway, and the watch from its resourceVersion brings it up to date (or lists again on 410).
 */
export function adoptEarly(path: string, accept: string): Promise<Response> | undefined {
  const key = keyOf(path, accept);
  const request = early.get(key);
  early.delete(key);
  return request && request.token === getToken() ? request.response : undefined;
}

for (const list of firstLists(window.location.pathname)) start(list);
