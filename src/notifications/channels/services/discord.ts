/**
 * Discord webhooks: discord://TOKEN@WEBHOOK_ID[?username=&avatar=&color=&title=] POSTs to
 * https://discord.com/api/webhooks/WEBHOOK_ID/TOKEN (shoutrrr's form). The payload is Discord's
 * "Execute Webhook" body with one embed (title, description, colour as an integer, fields, timestamp).
 */
import { severityHex } from '../render.js';
import type { Notice } from '../notice.js';
import { ChannelUrlError, jsonRequest, queryOf, Service, urlSecrets, type HttpTarget } from '../target.js';

export function parseDiscord(url: URL): HttpTarget {
  const token = decodeURIComponent(url.username);
  const id = url.hostname;
  if (!/^[A-Za-z0-9_-]+$/.test(token) || !/^\d+$/.test(id) || url.password !== '')
    throw new ChannelUrlError('expected discord://TOKEN@WEBHOOK_ID (the webhook id is a number)');
  const q = queryOf(url);
  const endpoint = `https://discord.com/api/webhooks/${id}/${token}`;
  return {
    kind: 'http',
    service: Service.Discord,
    host: 'discord.com',
    secrets: urlSecrets(url, [token]),
    request: (notice: Notice) =>
      jsonRequest(endpoint, {
        ...(q.get('username') ? { username: q.get('username') } : {}),
        ...(q.get('avatar') ? { avatar_url: q.get('avatar') } : {}),
        embeds: [
          {
            title: q.get('title') ?? notice.title,
            description: notice.message,
            color: Number.parseInt(severityHex(notice, q.get('color')), 16),
            fields: notice.fields.map(([name, value]) => ({ name, value, inline: value.length < 40 })),
            footer: { text: `imagestreams · ${notice.namespace}` },
            timestamp: notice.time,
          },
        ],
      }),
  };
}
