/**
 * Any HTTP receiver, as plain JSON: generic+https://HOST/PATH (or generic://…, also https) and,
 * for receivers on this machine, generic+http://. shoutrrr's reserved query parameters are read
 * (`title`, `method`, `disabletls`, `template`: only `json`); every other parameter is passed on
 * to the receiver, and `_name` passes `name` on. A user and password become Basic auth.
 * The body: {title, message, event, severity, namespace, kind, name, time, fields}.
 */
import type { Notice } from '../notice.js';
import { boolParam, ChannelUrlError, queryOf, Service, urlSecrets, type HttpTarget } from '../target.js';

const RESERVED = new Set(['title', 'method', 'requestmethod', 'disabletls', 'template', 'contenttype']);

function schemeOf(url: URL): 'http' | 'https' {
  const sub = url.protocol.slice(0, -1).split('+')[1] ?? 'https';
  if (sub !== 'http' && sub !== 'https') throw new ChannelUrlError('use generic+https:// or generic+http://');
  return boolParam(queryOf(url).get('disabletls'), 'disabletls') ? 'http' : sub;
}

function forwardedQuery(url: URL): string {
  const out = new URLSearchParams();
  for (const [k, v] of url.searchParams) {
    if (RESERVED.has(k.toLowerCase())) continue;
    out.append(k.startsWith('_') ? k.slice(1) : k, v);
  }
  const s = out.toString();
  return s === '' ? '' : `?${s}`;
}

function methodOf(q: Map<string, string>): 'POST' | 'PUT' {
  const m = (q.get('method') ?? q.get('requestmethod') ?? 'POST').toUpperCase();
  if (m !== 'POST' && m !== 'PUT') throw new ChannelUrlError('the "method" parameter must be POST or PUT');
  return m;
}

export function parseGeneric(url: URL): HttpTarget {
  const q = queryOf(url);
  if (url.host === '') throw new ChannelUrlError('expected generic+https://HOST/PATH: the host is missing');
  const template = q.get('template');
  if (template !== undefined && template.toLowerCase() !== 'json')
    throw new ChannelUrlError('only template=json is supported (the body is always JSON)');
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (user !== '' || pass !== '')
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  const endpoint = `${schemeOf(url)}://${url.host}${url.pathname}${forwardedQuery(url)}`;
  const method = methodOf(q);
  return {
    kind: 'http',
    service: Service.Generic,
    host: url.host,
    secrets: urlSecrets(
      url,
      Object.values(headers).filter((h) => h.startsWith('Basic ')),
    ),
    request: (notice: Notice) => ({
      url: endpoint,
      method,
      headers,
      body: JSON.stringify({
        title: q.get('title') ?? notice.title,
        message: notice.message,
        event: notice.event,
        severity: notice.severity,
        namespace: notice.namespace,
        kind: notice.kind,
        name: notice.name,
        time: notice.time,
        fields: Object.fromEntries(notice.fields),
      }),
    }),
  };
}
