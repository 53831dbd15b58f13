/**
 * Slack, in shoutrrr's URL forms:
 *   slack://hook:AAAAAAAAA-BBBBBBBBB-CCCCCCCCCCCCCCCCCCCCCCCC@webhook[?channel=&botname=&color=&icon=&title=]
 *   slack://[botname@]AAAAAAAAA/BBBBBBBBB/CCCCCCCCCCCCCCCCCCCCCCCC   (the older webhook form)
 *   slack://xoxb:REST-OF-THE-BOT-TOKEN@CHANNEL_ID[?…]                 (a bot token and a channel)
 * A webhook POSTs to https://hooks.slack.com/services/A/B/C; a bot token calls the Web API's
 * chat.postMessage (`Authorization: Bearer xoxb-…`), which answers 200 with `{"ok": false,
 * "error": …}` when it refuses. The message: `text` plus one legacy attachment (colour bar,
 * title, text, fields, ts).
 */
import { severityHex, plainText } from '../render.js';
import type { Notice } from '../notice.js';
import {
  ChannelUrlError,
  jsonRequest,
  queryOf,
  Service,
  urlSecrets,
  type HttpRequest,
  type HttpTarget,
} from '../target.js';

const PART = [/^[A-Z0-9]+$/, /^[A-Z0-9]+$/, /^[A-Za-z0-9]+$/] as const;
const BOT_TOKEN = /^xox[bp]$/;

interface Destination {
  endpoint: string;
  headers: Record<string, string>;
  /** the bot API needs a channel; a webhook has its own */
  channel?: string;
  secrets: string[];
  answerError?: (body: string) => string | undefined;
}

/** Slack's Web API answers 200 and says in the body whether it took the message. */
function webApiError(body: string): string | undefined {
  try {
    const answer = JSON.parse(body) as { ok?: unknown; error?: unknown };
    if (answer.ok === true) return undefined;
    return `Slack refused the message: ${typeof answer.error === 'string' ? answer.error : 'no reason given'}`;
  } catch {
    return 'Slack answered something that is not its API JSON';
  }
}

function botDestination(url: URL): Destination {
  const token = `${url.username}-${decodeURIComponent(url.password)}`;
  if (!/^[A-Za-z0-9-]+$/.test(token) || !/^[A-Z0-9]+$/.test(url.hostname))
    throw new ChannelUrlError('expected slack://xoxb:TOKEN@CHANNEL_ID (the channel id, e.g. C0123456789)');
  return {
    endpoint: 'https://slack.com/api/chat.postMessage',
    headers: { authorization: `Bearer ${token}` },
    channel: url.hostname,
    secrets: [token, decodeURIComponent(url.password)],
    answerError: webApiError,
  };
}

function webhookDestination(url: URL): Destination {
  const parts =
    url.username === 'hook' && url.hostname === 'webhook'
      ? decodeURIComponent(url.password).split('-')
      : [url.hostname, ...url.pathname.split('/').filter((s) => s !== '')];
  if (url.password !== '' && url.username !== 'hook')
    throw new ChannelUrlError(
      'expected slack://hook:A-B-C@webhook, slack://A/B/C or slack://xoxb:TOKEN@CHANNEL',
    );
  if (parts.length !== 3 || parts.some((p, i) => !PART[i]!.test(p)))
    throw new ChannelUrlError(
      'the Slack webhook token must have three parts, A-B-C (slack://hook:A-B-C@webhook) or A/B/C',
    );
  return { endpoint: `https://hooks.slack.com/services/${parts.join('/')}`, headers: {}, secrets: parts };
}

function messageOf(notice: Notice, q: Map<string, string>): Record<string, unknown> {
  const icon = q.get('icon') ?? q.get('icon_emoji') ?? q.get('icon_url');
  return {
    text: q.get('title') ?? notice.title,
    ...(icon ? (/^https?:\/\//.test(icon) ? { icon_url: icon } : { icon_emoji: icon }) : {}),
    attachments: [
      {
        color: `#${severityHex(notice, q.get('color'))}`,
        title: notice.title,
        fallback: `${notice.title}\n${plainText(notice)}`,
        text: notice.message,
        fields: notice.fields.map(([title, value]) => ({ title, value, short: value.length < 40 })),
        footer: `imagestreams · ${notice.namespace}`,
        ts: Math.floor(Date.parse(notice.time) / 1000),
      },
    ],
  };
}

export function parseSlack(url: URL): HttpTarget {
  const bot = BOT_TOKEN.test(url.username);
  const to = bot ? botDestination(url) : webhookDestination(url);
  const q = queryOf(url);
  const legacyBot =
    !bot && url.username !== 'hook' && url.username !== '' ? decodeURIComponent(url.username) : undefined;
  const botName = q.get('botname') ?? q.get('username') ?? legacyBot;
  const channel = q.get('channel') ?? to.channel;
  return {
    kind: 'http',
    service: Service.Slack,
    host: new URL(to.endpoint).host,
    secrets: urlSecrets(url, to.secrets),
    request: (notice: Notice): HttpRequest => ({
      ...jsonRequest(
        to.endpoint,
        {
          ...messageOf(notice, q),
          ...(botName ? { username: botName } : {}),
          ...(channel ? { channel } : {}),
        },
        to.headers,
      ),
      ...(to.answerError ? { answerError: to.answerError } : {}),
    }),
  };
}
