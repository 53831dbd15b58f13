/**
 * What each page lists first, by URL: the same paths and Accept the pages' watches use (they take
 * them from here), so that early-lists.ts can request them before the app has started.
 */
import { byName, paths } from './paths.js';
import { STREAM_ROWS_ACCEPT, streamRows } from './stream-rows.js';

export interface FirstList {
  path: string;
  accept: string;
}

const JSON_ACCEPT = 'application/json';

/** The collections a page watches (as objects), in the order it starts them. */
export const pageLists = {
  overview: () => ({
    streams: paths.imageStreams(),
    namespaces: paths.namespaces(),
    rollouts: paths.rollouts(),
  }),
  stream: (ns: string, name: string) => ({
    stream: byName(paths.imageStreams(ns), name),
    rollouts: paths.rollouts(ns),
    states: paths.triggerStates(ns),
    webhooks: paths.webhookTriggers(ns),
  }),
};

function d(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function firstLists(pathname: string): FirstList[] {
  const objects = (lists: Record<string, string>): FirstList[] =>
    Object.values(lists).map((path) => ({ path, accept: JSON_ACCEPT }));
  if (pathname === '/console/' || pathname === '/console') return objects(pageLists.overview());
  const streams = /^\/console\/ns\/([^/]+)\/imagestreams\/?$/.exec(pathname);
  if (streams?.[1]) return [{ path: streamRows(d(streams[1])), accept: STREAM_ROWS_ACCEPT }];
  const stream = /^\/console\/ns\/([^/]+)\/imagestreams\/([^/]+)\/?$/.exec(pathname);
  if (stream?.[1] && stream[2]) return objects(pageLists.stream(d(stream[1]), d(stream[2])));
  return [];
}
