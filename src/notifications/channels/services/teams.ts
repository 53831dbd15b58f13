/**
 * Microsoft Teams incoming webhooks, shoutrrr's current form:
 *   teams://GROUP@TENANT/ALT_ID/GROUP_OWNER/EXTRA_ID?host=ORG.webhook.office.com[&color=&title=]
 * POSTs to https://HOST/webhookb2/GROUP@TENANT/IncomingWebhook/ALT_ID/GROUP_OWNER/EXTRA_ID.
 * The payload is an Office 365 connector MessageCard (summary, title, text, themeColor, facts).
 */
import { severityHex } from '../render.js';
import type { Notice } from '../notice.js';
import { ChannelUrlError, jsonRequest, queryOf, Service, urlSecrets, type HttpTarget } from '../target.js';

const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function parseTeams(url: URL): HttpTarget {
  const q = queryOf(url);
  const host = q.get('host');
  if (!host || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(host))
    throw new ChannelUrlError('the "host" parameter is required: your ORG.webhook.office.com');
  const group = decodeURIComponent(url.username);
  const tenant = url.hostname;
  const path = url.pathname.split('/').filter((s) => s !== '');
  if (
    !SEGMENT.test(group) ||
    !SEGMENT.test(tenant) ||
    path.length !== 3 ||
    !path.every((s) => SEGMENT.test(s))
  )
    throw new ChannelUrlError('expected teams://GROUP@TENANT/ALT_ID/GROUP_OWNER/EXTRA_ID?host=…');
  const endpoint = `https://${host}/webhookb2/${group}@${tenant}/IncomingWebhook/${path.join('/')}`;
  return {
    kind: 'http',
    service: Service.Teams,
    host,
    secrets: urlSecrets(url, [group, tenant, ...path]),
    request: (notice: Notice) =>
      jsonRequest(endpoint, {
        '@type': 'MessageCard',
        '@context': 'https://schema.org/extensions',
        summary: notice.title,
        title: q.get('title') ?? notice.title,
        text: notice.message,
        themeColor: severityHex(notice, q.get('color')),
        sections: [
          {
            activitySubtitle: `imagestreams · ${notice.namespace}`,
            facts: notice.fields.map(([name, value]) => ({ name, value })),
          },
        ],
      }),
  };
}
