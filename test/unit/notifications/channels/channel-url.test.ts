import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNotices } from '../../../../src/notifications/channels/detect-builds.js';
import { parseChannelUrl } from '../../../../src/notifications/channels/channel-url.js';
import {
  ChannelConfigError,
  serverWideChannels,
} from '../../../../src/notifications/channels/channel-config.js';
import { channelSecretProblems } from '../../../../src/notifications/channels/namespace-channels.js';
import { ChannelUrlError, type HttpTarget } from '../../../../src/notifications/channels/target.js';
import { notificationsExtensionFromSettings } from '../../../../src/notifications/serve-extension.js';

const notice = buildNotices(
  undefined,
  { metadata: { name: 'b-1', namespace: 'ns' }, status: { phase: 'Failed' } },
  '2026-01-01T00:00:00Z',
)[0]!;

const http = (url: string): HttpTarget => parseChannelUrl(url) as HttpTarget;
const endpoint = (url: string): string => http(url).request(notice).url;

/** The error of parsing `url`; fails when it parses. */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('channel URLs, as shoutrrr writes them', () => {
  it('Slack: the hook form and the older token-path form reach the same webhook', () => {
    const hook = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
    expect(endpoint('slack://hook:T00000000-B00000000-XXXXXXXXXXXXXXXXXXXXXXXX@webhook')).toBe(hook);
    expect(endpoint('slack://Bot@T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX?color=good')).toBe(hook);
    expect(
      JSON.parse(http('slack://Bot@T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX').request(notice).body),
    ).toMatchObject({ username: 'Bot' });
  });

  it('Slack: a bot token calls chat.postMessage for its channel, and reads the answer', () => {
    const req = http('slack://xoxb:123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N@C001CH4NN3L').request(
      notice,
    );
    expect(req.url).toBe('https://slack.com/api/chat.postMessage');
    expect(req.headers.authorization).toBe('Bearer xoxb-123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N');
    expect(JSON.parse(req.body)).toMatchObject({ channel: 'C001CH4NN3L', text: notice.title });
    expect(req.answerError?.('{"ok":true}')).toBeUndefined();
    expect(req.answerError?.('{"ok":false,"error":"channel_not_found"}')).toBe(
      'Slack refused the message: channel_not_found',
    );
  });

  it('Discord, Teams, ntfy, Gotify and generic endpoints', () => {
    expect(endpoint('discord://tok-en_1@693853386302554172')).toBe(
      'https://discord.com/api/webhooks/693853386302554172/tok-en_1',
    );
    expect(endpoint('teams://g-1@t-2/alt/owner/extra?host=contoso.webhook.office.com')).toBe(
      'https://contoso.webhook.office.com/webhookb2/g-1@t-2/IncomingWebhook/alt/owner/extra',
    );
    expect(endpoint('ntfy://ntfy.sh/alerts')).toBe('https://ntfy.sh/');
    expect(endpoint('ntfy://:tk_abcdef@localhost:8080/alerts?scheme=http')).toBe('http://localhost:8080/');
    expect(http('ntfy://:tk_abcdef@ntfy.sh/alerts').request(notice).headers.authorization).toBe(
      'Bearer tk_abcdef',
    );
    expect(endpoint('gotify://gotify.example.com:443/AzyoeNS.D4iJLVa/?title=Great+News&priority=1')).toBe(
      'https://gotify.example.com:443/message',
    );
    expect(endpoint('gotify://example.com/path/to/gotify/AzyoeNS.D4iJLVa')).toBe(
      'https://example.com/path/to/gotify/message',
    );
    expect(endpoint('generic+https://example.com/api/v1/postStuff?x=1&_title=y&title=z')).toBe(
      'https://example.com/api/v1/postStuff?x=1&title=y',
    );
    expect(endpoint('generic://example.com/hook')).toBe('https://example.com/hook');
  });

  it('SMTP: credentials, addresses, the aliases and the encryption modes', () => {
    const t = parseChannelUrl(
      'smtp://me%40x.org:p%3Ass@mail.example.com:587/?fromAddress=a@x.org&toAddresses=b@x.org,c@x.org&encryption=ExplicitTLS&subject=Deploys',
    );
    expect(t).toMatchObject({
      kind: 'smtp',
      smtp: {
        host: 'mail.example.com',
        port: 587,
        secure: false,
        startTls: true,
        auth: { user: 'me@x.org', pass: 'p:ss' },
        from: 'a@x.org',
        to: ['b@x.org', 'c@x.org'],
        subject: 'Deploys',
      },
    });
    expect(parseChannelUrl('smtp://mail.example.com:465/?from=a@x.org&to=b@x.org')).toMatchObject({
      smtp: { port: 465, secure: true },
    });
  });

  it.each([
    ['ftp://x/y', /unknown scheme "ftp"/],
    ['not a url', /not a URL/],
    ['slack://xoxb:123-456-s3cretBotToken@not-a-channel', /CHANNEL_ID/],
    ['slack://hook:short-s3cret@webhook', /three parts/],
    ['discord://s3cretToken@not-a-number', /WEBHOOK_ID/],
    ['teams://g@t/a/b/s3cretExtra', /"host" parameter is required/],
    ['ntfy://ntfy.sh/', /TOPIC/],
    ['gotify://host/s3cretBadToken', /application token/],
    ['smtp://user:s3cret@host/?to=b@x.org', /"from" parameter is required/],
    ['smtp://user:s3cret@host/?from=a@x.org&to=not-an-address', /e-mail addresses/],
    ['generic+ftp://host/s3cret', /generic\+https/],
    ['generic+https://host/x?template=s3cret', /template=json/],
  ])('refuses %s with a clear error that never quotes the URL', (url, message) => {
    const e = errorOf(() => parseChannelUrl(url));
    expect(e).toBeInstanceOf(ChannelUrlError);
    expect(e.message).toMatch(message);
    expect(e.message).not.toMatch(/s3cret/i);
  });
});

describe('channel settings', () => {
  it('names the --notify flag, or the file and field, of a bad URL', () => {
    const flag = errorOf(() =>
      serverWideChannels(
        ['slack://good@T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'gotify://h/s3cret'],
        [],
      ),
    );
    expect(flag).toBeInstanceOf(ChannelConfigError);
    expect(flag.message).toMatch(/^--notify \(#2\): gotify: /);
    const field = errorOf(() =>
      serverWideChannels([], [{ url: 'ntfy://h/t' }, { url: 'discord://s3cret@x' }], '/etc/is/webhooks.yaml'),
    );
    expect(field.message).toMatch(/^\/etc\/is\/webhooks.yaml: notifications\[1\].url: discord: /);
    expect(field.message).not.toContain('s3cret');
    const events = errorOf(() =>
      serverWideChannels([], [{ url: 'ntfy://h/t', events: ['tag-moved', 'nope'] }], 'f.yaml'),
    );
    expect(events.message).toMatch(/^f.yaml: notifications\[0\].events: unknown event "nope"/);
  });

  it('sends every event but tag moves by default; `all` and lists choose', () => {
    const [byDefault, all, some] = serverWideChannels(
      [],
      [
        { url: 'ntfy://h/t' },
        { url: 'ntfy://h/t', events: 'all' },
        { url: 'ntfy://h/t', events: ['tag-moved'] },
      ],
    );
    expect([...byDefault!.events]).not.toContain('tag-moved');
    expect(byDefault!.events.size).toBe(6);
    expect(all!.events.size).toBe(7);
    expect([...some!.events]).toEqual(['tag-moved']);
  });

  it('refuses at startup, from the serve settings: the flag, and the webhook config file', async () => {
    await expect(notificationsExtensionFromSettings({ notify: ['teams://s3cret@t/a/b/c'] })).rejects.toThrow(
      /^--notify \(#1\): teams: the "host" parameter is required/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'notify-config-'));
    try {
      const file = join(dir, 'outbound.yaml');
      writeFileSync(file, 'notifications:\n  - name: ops\n    url: smtp://u:s3cret@mail/?to=a@b.c\n');
      const e = await notificationsExtensionFromSettings({ webhookConfig: file }).then(
        () => new Error('expected an error'),
        (err: unknown) => err as Error,
      );
      expect(e.message).toBe(`${file}: notifications[0].url: smtp: the "from" parameter is required`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks a channel Secret: each key a URL, the events annotation known events', () => {
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    expect(channelSecretProblems({ ok: b64('ntfy://h/t'), bad: b64('slack://s3cret') }, undefined)).toEqual([
      { field: 'data[bad]', message: expect.stringMatching(/^slack: /) },
    ]);
    expect(
      channelSecretProblems(
        { ok: b64('ntfy://h/t') },
        { 'imagestreams.io/notify-events': 'build-failed,oops' },
      ),
    ).toEqual([
      {
        field: 'metadata.annotations[imagestreams.io/notify-events]',
        message: expect.stringMatching(/unknown event "oops"/),
      },
    ]);
  });
});
