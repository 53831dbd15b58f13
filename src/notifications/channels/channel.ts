/**
 * One configured channel: its parsed target, what it is told (events, namespaces) and how one
 * attempt goes. An attempt's outcome says whether another try could help; its error text has
 * every secret piece of the URL taken out.
 */
import { EGRESS_REFUSED } from '../../net/egress-guard.js';
import { isRetryable } from '../outbound/retry.js';
import { fullText } from './render.js';
import type { Notice, NoticeEvent } from './notice.js';
import type { HttpSend } from './http-transport.js';
import type { MailSend } from './mailer.js';
import type { ChannelTarget, HttpTarget } from './target.js';

export interface Channel {
  /** unique and safe to show: `notify-1`, `ops`, `team-a/alerts/slack` */
  id: string;
  target: ChannelTarget;
  events: ReadonlySet<NoticeEvent>;
  /** server-wide channels only: undefined means every namespace */
  namespaces?: readonly string[];
  /** changes when the URL or the events change (a hash: never the URL itself) */
  fingerprint: string;
}

export interface ChannelTransport {
  http: HttpSend;
  mail: MailSend;
}

export interface AttemptOutcome {
  ok: boolean;
  retryable: boolean;
  status?: number;
  error?: string;
}

function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return `${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${err.message}`;
}

/** SMTP: 4xx answers and connection failures are temporary; 5xx answers and bad logins are not. */
function mailRetryable(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown };
  if (e.code === 'EAUTH' || e.code === 'EENVELOPE' || e.code === 'ERR_EGRESS_REFUSED') return false;
  return typeof e.responseCode === 'number' ? e.responseCode < 500 : true;
}

export function wantsNotice(channel: Channel, notice: Notice): boolean {
  if (!channel.events.has(notice.event)) return false;
  return !channel.namespaces || channel.namespaces.includes(notice.namespace);
}

async function sendHttp(
  target: HttpTarget,
  notice: Notice,
  http: HttpSend,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const req = target.request(notice);
  const { status, body } = await http(req, signal);
  if (status < 200 || status >= 300)
    return {
      ok: false,
      retryable: isRetryable(status),
      status,
      error: `the receiver answered HTTP ${status}`,
    };
  const refused = req.answerError?.(body ?? '');
  if (refused === undefined) return { ok: true, retryable: false, status };
  // the API refused the message itself (a bad channel, a revoked token): another try would not help
  return { ok: false, retryable: false, status, error: redactSecrets(refused, target.secrets) };
}

export async function attemptSend(
  channel: Channel,
  notice: Notice,
  transport: ChannelTransport,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const { target } = channel;
  try {
    if (target.kind === 'smtp') {
      const subject = target.smtp.subject ? `${target.smtp.subject}: ${notice.title}` : notice.title;
      await transport.mail(target.smtp, { subject, text: fullText(notice) }, signal);
      return { ok: true, retryable: false };
    }
    return await sendHttp(target, notice, transport.http, signal);
  } catch (err) {
    const refused = (err as { code?: unknown }).code === EGRESS_REFUSED;
    const retryable = !refused && (target.kind === 'smtp' ? mailRetryable(err) : true);
    return { ok: false, retryable, error: redactSecrets(errorText(err), target.secrets) };
  }
}
