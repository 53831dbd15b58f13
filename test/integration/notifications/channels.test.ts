/**
 * Notification channels against real receivers on loopback: an SMTP server (aiosmtpd, with
 * AUTH) receives the mail; HTTP receivers get the Slack, Discord, Teams, ntfy, Gotify and generic
 * payloads, checked against each service's documented format. A receiver that answers 500 is
 * retried a bounded number of times. No credential of any URL reaches an error or the metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNotices } from '../../../src/notifications/channels/detect-builds.js';
import { serverWideChannels } from '../../../src/notifications/channels/channel-config.js';
import {
  createChannelRouter,
  type ChannelRouter,
} from '../../../src/notifications/channels/channel-router.js';
import { httpTransport } from '../../../src/notifications/channels/http-transport.js';
import type { Notice } from '../../../src/notifications/channels/notice.js';
import { metricsRegistry } from '../../../src/observability/metrics.js';
import { freePort } from '../../support/registry/index.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtp/index.js';
import { until } from '../../support/until.js';
import { startReceiver, type Receiver } from './receiver.js';

const SLACK_TOKEN = 'T0SLACK01-B0SLACK02-SlackSecretToken0123456';
const DISCORD_TOKEN = 'DiscordSecretToken_abc-123';
const TEAMS_EXTRA = 'TeamsSecretExtraId0123456789';
const NTFY_PASS = 'ntfy-secret-pass';
const GOTIFY_TOKEN = 'AGotifySecret12';
const GENERIC_PASS = 'generic-secret-pass';
const SMTP_PASS = 'smtp-secret-p@ss:word';
const SLACK_BOT = '123456789012-1234567890123-SlackBotSecret0';
const SECRETS = [
  SLACK_BOT,
  SLACK_TOKEN,
  'SlackSecretToken0123456',
  DISCORD_TOKEN,
  TEAMS_EXTRA,
  NTFY_PASS,
  GOTIFY_TOKEN,
  GENERIC_PASS,
  SMTP_PASS,
];

function failedBuild(name: string): Notice {
  const notices = buildNotices(
    'Running',
    {
      metadata: { name, namespace: 'team', labels: { 'openshift.io/build-config.name': 'app' } },
      status: {
        phase: 'Failed',
        reason: 'DockerBuildFailed',
        message: 'Docker build strategy has failed.',
        completionTimestamp: '2026-12-06T05:00:00Z',
      },
    },
    '2026-12-06T05:00:01Z',
  );
  return notices[0]!;
}

const json = (r: Receiver, path: string): Record<string, unknown> =>
  JSON.parse(r.requests.find((q) => q.path === path)!.body) as Record<string, unknown>;

describe('notification channels against real receivers', () => {
  let receiver: Receiver;
  let smtp: SmtpReceiver;
  let router: ChannelRouter;
  let host: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    smtp = await startSmtpReceiver({ user: 'mailer', pass: SMTP_PASS });
    host = new URL(receiver.url).host;
    receiver.script('/flaky', [500, 500, 500, 500, 500]);
    // Slack's Web API answers 200 and tells in the body; the second channel does not exist
    receiver.respond('/slack.com/api/chat.postMessage', '{"ok":true}');
    const pass = encodeURIComponent(SMTP_PASS);
    const urls = [
      `slack://hook:${SLACK_TOKEN}@webhook?channel=%23deploys&botname=imagestreams`,
      `discord://${DISCORD_TOKEN}@693853386302554172?username=imagestreams`,
      `teams://11111111-4444-4444-8444-cccccccccccc@22222222-4444-4444-8444-cccccccccccc/33333333012222222222333333333344/44444444-4444-4444-8444-cccccccccccc/${TEAMS_EXTRA}?host=contoso.webhook.office.com`,
      `ntfy://robot:${NTFY_PASS}@${host}/deploys?scheme=http`,
      `gotify://${host}/gotify/${GOTIFY_TOKEN}?disabletls=yes`,
      `generic+http://hook:${GENERIC_PASS}@${host}/generic?team=a&_title=passed-on`,
      `smtp://mailer:${pass}@127.0.0.1:${smtp.port}/?from=imagestreams@example.com&to=ops@example.com,dev@example.com&encryption=None`,
      `generic+http://${host}/flaky`,
      `slack://xoxb:${SLACK_BOT}@C0DEPLOYS`,
    ];
    const channels = serverWideChannels(urls, []);
    router = createChannelRouter({
      channels,
      retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 50 },
      transport: {
        // the fixed service hosts go to the loopback receiver, each under its own path
        http: httpTransport({
          rewrite: (u) =>
            ['hooks.slack.com', 'slack.com', 'discord.com', 'contoso.webhook.office.com'].includes(u.hostname)
              ? new URL(`${receiver.url}/${u.hostname}${u.pathname}`)
              : u,
        }),
      },
    });
    router.publish(failedBuild('app-7'));
    await router.idle();
  }, 30_000);

  afterAll(async () => {
    await router?.stop();
    await receiver?.close();
    await smtp?.stop();
  });

  it('posts a Slack incoming-webhook message to the webhook path of the token', () => {
    const body = json(receiver, `/hooks.slack.com/services/${SLACK_TOKEN.split('-').join('/')}`);
    expect(body.text).toBe('Build failed: team/app-7');
    expect(body.channel).toBe('#deploys');
    expect(body.username).toBe('imagestreams');
    const [attachment] = body.attachments as Record<string, unknown>[];
    expect(attachment).toMatchObject({
      color: '#E01E5A',
      title: 'Build failed: team/app-7',
      text: 'Docker build strategy has failed.',
    });
    expect(attachment!.fields).toContainEqual({ title: 'reason', value: 'DockerBuildFailed', short: true });
    expect(attachment!.ts).toBe(Date.parse('2026-12-06T05:00:00Z') / 1000);
  });

  it('posts through the Slack Web API with a bot token, and reads its answer', async () => {
    const req = receiver.requests.find((q) => q.path === '/slack.com/api/chat.postMessage')!;
    expect(req.headers.authorization).toBe(`Bearer xoxb-${SLACK_BOT}`);
    expect(JSON.parse(req.body)).toMatchObject({ channel: 'C0DEPLOYS', text: 'Build failed: team/app-7' });
    expect(router.deliveries('notify-9')[0]).toMatchObject({ result: 'sent', attempts: 1 });
    // an answer of 200 with ok:false is a refusal: final, and said without the token
    const refused = await startReceiver();
    refused.respond('/slack.com/api/chat.postMessage', '{"ok":false,"error":"channel_not_found"}');
    const bot = createChannelRouter({
      channels: serverWideChannels([`slack://xoxb:${SLACK_BOT}@C0GONE`], []),
      transport: {
        http: httpTransport({ rewrite: (u) => new URL(`${refused.url}/${u.hostname}${u.pathname}`) }),
      },
    });
    bot.publish(failedBuild('app-9'));
    await bot.idle();
    expect(bot.deliveries('notify-1')).toEqual([
      expect.objectContaining({
        result: 'failed',
        attempts: 1,
        status: 200,
        error: 'Slack refused the message: channel_not_found',
      }),
    ]);
    await bot.stop();
    await refused.close();
  });

  it('executes the Discord webhook with one embed', () => {
    const body = json(receiver, `/discord.com/api/webhooks/693853386302554172/${DISCORD_TOKEN}`);
    expect(body.username).toBe('imagestreams');
    const [embed] = body.embeds as Record<string, unknown>[];
    expect(embed).toMatchObject({
      title: 'Build failed: team/app-7',
      description: 'Docker build strategy has failed.',
      color: 0xe01e5a,
      timestamp: '2026-12-06T05:00:00Z',
    });
    expect(embed!.fields).toContainEqual({ name: 'build config', value: 'app', inline: true });
  });

  it('posts a Teams MessageCard to the organisation webhook', () => {
    const body = json(
      receiver,
      `/contoso.webhook.office.com/webhookb2/11111111-4444-4444-8444-cccccccccccc@22222222-4444-4444-8444-cccccccccccc/IncomingWebhook/33333333012222222222333333333344/44444444-4444-4444-8444-cccccccccccc/${TEAMS_EXTRA}`,
    );
    expect(body).toMatchObject({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: 'Build failed: team/app-7',
      title: 'Build failed: team/app-7',
      themeColor: 'E01E5A',
    });
    const [section] = body.sections as { facts: { name: string; value: string }[] }[];
    expect(section!.facts).toContainEqual({ name: 'phase', value: 'Failed' });
  });

  it('publishes to ntfy as JSON to the root, with Basic auth', () => {
    const req = receiver.requests.find((q) => q.path === '/' && q.body.includes('"topic"'))!;
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`robot:${NTFY_PASS}`).toString('base64')}`);
    const body = JSON.parse(req.body) as Record<string, unknown>;
    expect(body).toMatchObject({ topic: 'deploys', title: 'Build failed: team/app-7', priority: 4 });
    expect(body.tags).toEqual(['rotating_light', 'build-failed']);
    expect(body.message).toContain('Docker build strategy has failed.');
  });

  it('posts a Gotify message with the application token in X-Gotify-Key', () => {
    const req = receiver.requests.find((q) => q.path === '/gotify/message')!;
    expect(req.headers['x-gotify-key']).toBe(GOTIFY_TOKEN);
    const body = JSON.parse(req.body) as Record<string, unknown>;
    expect(body).toMatchObject({ title: 'Build failed: team/app-7', priority: 8 });
    expect(body.message).toContain('reason: DockerBuildFailed');
  });

  it('posts plain JSON to a generic receiver, passing on its own query', () => {
    const req = receiver.requests.find((q) => q.path.startsWith('/generic'))!;
    expect(req.path).toBe('/generic?team=a&title=passed-on');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`hook:${GENERIC_PASS}`).toString('base64')}`);
    expect(JSON.parse(req.body)).toEqual({
      title: 'Build failed: team/app-7',
      message: 'Docker build strategy has failed.',
      event: 'build-failed',
      severity: 'error',
      namespace: 'team',
      kind: 'Build',
      name: 'app-7',
      time: '2026-12-06T05:00:00Z',
      fields: { 'build config': 'app', phase: 'Failed', reason: 'DockerBuildFailed' },
    });
  });

  it('sends the mail through an SMTP server that requires AUTH, to every recipient', () => {
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({
      from: 'imagestreams@example.com',
      to: ['ops@example.com', 'dev@example.com'],
      user: 'mailer',
    });
    expect(mail!.data).toMatch(/^Subject: Build failed: team\/app-7$/m);
    expect(mail!.data).toContain('Docker build strategy has failed.');
    expect(mail!.data).toContain('reason: DockerBuildFailed');
  });

  it('retries a receiver that answers 500, a bounded number of times, and records the failure', () => {
    expect(receiver.requests.filter((q) => q.path === '/flaky')).toHaveLength(3);
    expect(router.deliveries('notify-8')).toEqual([
      expect.objectContaining({
        result: 'failed',
        attempts: 3,
        status: 500,
        error: 'the receiver answered HTTP 500',
      }),
    ]);
  });

  it('sends the same news once: a repeat within the window is dropped', async () => {
    const before = receiver.requests.length;
    router.publish(failedBuild('app-7'));
    await router.idle();
    expect(receiver.requests.length).toBe(before);
    expect(smtp.mails).toHaveLength(1);
  });

  it('keeps every credential out of errors and metrics', async () => {
    const closed = await freePort();
    const bad = createChannelRouter({
      channels: serverWideChannels(
        [
          `generic+http://hook:${GENERIC_PASS}@127.0.0.1:${closed}/x/${GOTIFY_TOKEN}`,
          `smtp://mailer:wrong-${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${smtp.port}/?from=a@example.com&to=b@example.com&encryption=None`,
        ],
        [],
      ),
      retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 10 },
    });
    bad.publish(failedBuild('app-8'));
    await bad.idle();
    const [http] = bad.deliveries('notify-1');
    const [mail] = bad.deliveries('notify-2');
    expect(http).toMatchObject({ result: 'failed', attempts: 2 });
    expect(http!.error).toMatch(/ECONNREFUSED/);
    // a rejected login is final: not retried
    expect(mail).toMatchObject({ result: 'failed', attempts: 1 });
    expect(mail!.error).toMatch(/EAUTH/);
    const metrics = await metricsRegistry.metrics();
    expect(metrics).toMatch(/imagestreams_channel_notifications_total\{service="smtp",result="failed"\} 1/);
    for (const text of [http!.error!, mail!.error!, metrics, JSON.stringify(router.deliveries('notify-8'))])
      for (const s of SECRETS) expect(text).not.toContain(s);
    await bad.stop();
  });

  it('waits for the rate limit instead of flooding a receiver', async () => {
    const limited = createChannelRouter({
      channels: serverWideChannels([`generic+http://${host}/limited`], []),
      rate: { burst: 2, intervalMs: 300 },
    });
    const started = Date.now();
    for (const n of ['a', 'b', 'c', 'd']) limited.publish(failedBuild(`rl-${n}`));
    await until('four deliveries', () => limited.deliveries('notify-1').length === 4 || undefined, 10_000);
    const times = receiver.requests.filter((q) => q.path === '/limited').map((q) => q.at - started);
    expect(times).toHaveLength(4);
    // two at once, then one per interval
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(250);
    await limited.stop();
  });
});
