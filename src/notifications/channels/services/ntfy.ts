/**
 * ntfy: ntfy://[USER:PASSWORD@]HOST[:PORT]/TOPIC[?title=&priority=&tags=&click=&icon=&scheme=http]
 * (shoutrrr's form; `scheme` defaults to https). A password without a user is an access token
 * (`Authorization: Bearer`), otherwise Basic auth. Published as JSON to the server's root, as
 * ntfy's "publish as JSON" documents: {topic, message, title, priority (1-5), tags, click, icon}.
 */
import { fullText } from '../render.js';
import type { Notice, Severity } from '../notice.js';
import { ChannelUrlError, jsonRequest, queryOf, Service, urlSecrets, type HttpTarget } from '../target.js';

const PRIORITIES: Record<string, number> = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 };
const SEVERITY_PRIORITY: Record<Severity, number> = { info: 3, success: 3, warning: 4, error: 4 };
const SEVERITY_TAG: Record<Severity, string> = {
  info: 'information_source',
  success: 'white_check_mark',
  warning: 'warning',
  error: 'rotating_light',
};

function priorityOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const p = PRIORITIES[value.toLowerCase()] ?? Number(value);
  if (!Number.isInteger(p) || p < 1 || p > 5)
    throw new ChannelUrlError('the "priority" parameter must be 1-5 or min, low, default, high, max');
  return p;
}

function authHeader(url: URL): Record<string, string> {
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  if (pass === '') return {};
  if (user === '') return { authorization: `Bearer ${pass}` };
  return { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}

export function parseNtfy(url: URL): HttpTarget {
  const q = queryOf(url);
  const topic = url.pathname.replace(/^\/+|\/+$/g, '');
  if (!/^[-_A-Za-z0-9]{1,64}$/.test(topic))
    throw new ChannelUrlError('expected ntfy://HOST/TOPIC (one topic name)');
  if (url.host === '') throw new ChannelUrlError('expected ntfy://HOST/TOPIC: the host is missing');
  const scheme = q.get('scheme') ?? 'https';
  if (scheme !== 'https' && scheme !== 'http')
    throw new ChannelUrlError('the "scheme" parameter must be http or https');
  const priority = priorityOf(q.get('priority'));
  const tags = q
    .get('tags')
    ?.split(',')
    .filter((t) => t !== '');
  const headers = authHeader(url);
  const endpoint = `${scheme}://${url.host}/`;
  return {
    kind: 'http',
    service: Service.Ntfy,
    host: url.host,
    secrets: urlSecrets(url, Object.values(headers)),
    request: (notice: Notice) =>
      jsonRequest(
        endpoint,
        {
          topic,
          title: q.get('title') ?? notice.title,
          message: fullText(notice),
          priority: priority ?? SEVERITY_PRIORITY[notice.severity],
          tags: tags ?? [SEVERITY_TAG[notice.severity], notice.event],
          ...(q.get('click') ? { click: q.get('click') } : {}),
          ...(q.get('icon') ? { icon: q.get('icon') } : {}),
        },
        headers,
      ),
  };
}
