/**
 * Slack incoming webhooks, in shoutrrr's URL forms:
 *   slack://hook:AAAAAAAAA-BBBBBBBBB-CCCCCCCCCCCCCCCCCCCCCCCC@webhook[?channel=&botname=&color=&icon=&title=]
 *   slack://[botname@]AAAAAAAAA/BBBBBBBBB/CCCCCCCCCCCCCCCCCCCCCCCC   (the older form)
 * both POST to https://hooks.slack.com/services/A/B/C. The payload is Slack's webhook message:
 * `text` plus one legacy attachment (colour bar, title, text, fields, ts).
 */
import { severityHex, plainText } from '../render.js';
import type { Notice } from '../notice.js';
import { ChannelUrlError, jsonRequest, queryOf, Service, urlSecrets, type HttpTarget } from '../target.js';

const PART = [/^[A-Z0-9]+$/, /^[A-Z0-9]+$/, /^[A-Za-z0-9]+$/] as const;

function tokenParts(url: URL): string[] {
  if (url.username === 'hook' && url.hostname === 'webhook')
    return decodeURIComponent(url.password).split('-');
  if (url.password !== '' || url.username.startsWith('xox'))
    throw new ChannelUrlError('Slack bot tokens (xoxb/xoxp) are not supported: use an incoming webhook');
  return [url.hostname, ...url.pathname.split('/').filter((s) => s !== '')];
}

export function parseSlack(url: URL): HttpTarget {
  const parts = tokenParts(url);
  if (parts.length !== 3 || parts.some((p, i) => !PART[i]!.test(p)))
    throw new ChannelUrlError(
      'the Slack webhook token must have three parts, A-B-C (slack://hook:A-B-C@webhook) or A/B/C',
    );
  const q = queryOf(url);
  const legacyBot =
    url.username !== 'hook' && url.username !== '' ? decodeURIComponent(url.username) : undefined;
  const botName = q.get('botname') ?? q.get('username') ?? legacyBot;
  const endpoint = `https://hooks.slack.com/services/${parts.join('/')}`;
  return {
    kind: 'http',
    service: Service.Slack,
    host: 'hooks.slack.com',
    secrets: urlSecrets(url, parts),
    request: (notice: Notice) => {
      const icon = q.get('icon') ?? q.get('icon_emoji') ?? q.get('icon_url');
      return jsonRequest(endpoint, {
        text: q.get('title') ?? notice.title,
        ...(botName ? { username: botName } : {}),
        ...(q.get('channel') ? { channel: q.get('channel') } : {}),
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
      });
    },
  };
}
