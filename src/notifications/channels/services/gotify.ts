/**
 * Gotify: gotify://HOST[:PORT][/SUBPATH]/APP_TOKEN[?title=&priority=&disabletls=yes] (shoutrrr's
 * form; `disabletls=yes` speaks plain HTTP). POSTs Gotify's message JSON {title, message,
 * priority} to HOST/SUBPATH/message. The token goes in the `X-Gotify-Key` header, not in the
 * query, so that it is never part of a URL anything could log.
 */
import { plainText } from '../render.js';
import type { Notice, Severity } from '../notice.js';
import {
  boolParam,
  ChannelUrlError,
  jsonRequest,
  queryOf,
  Service,
  urlSecrets,
  type HttpTarget,
} from '../target.js';

/** Gotify's own rule for application tokens: 15 characters, starting with A */
const TOKEN = /^A[A-Za-z0-9._-]{14}$/;
const SEVERITY_PRIORITY: Record<Severity, number> = { info: 2, success: 2, warning: 5, error: 8 };

export function parseGotify(url: URL): HttpTarget {
  const q = queryOf(url);
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const token = segments.pop();
  if (url.host === '' || token === undefined || !TOKEN.test(token))
    throw new ChannelUrlError(
      'expected gotify://HOST[:PORT][/PATH]/TOKEN with a Gotify application token (15 characters, starting with A)',
    );
  const raw = q.get('priority');
  const priority = raw === undefined ? undefined : Number(raw);
  if (priority !== undefined && !Number.isInteger(priority))
    throw new ChannelUrlError('the "priority" parameter must be a whole number');
  const scheme = boolParam(q.get('disabletls'), 'disabletls') ? 'http' : 'https';
  const prefix = segments.length > 0 ? `/${segments.join('/')}` : '';
  const endpoint = `${scheme}://${url.host}${prefix}/message`;
  return {
    kind: 'http',
    service: Service.Gotify,
    host: url.host,
    secrets: urlSecrets(url, [token]),
    request: (notice: Notice) =>
      jsonRequest(
        endpoint,
        {
          title: q.get('title') ?? notice.title,
          message: plainText(notice),
          priority: priority ?? SEVERITY_PRIORITY[notice.severity],
        },
        { 'x-gotify-key': token },
      ),
  };
}
