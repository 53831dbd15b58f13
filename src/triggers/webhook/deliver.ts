/**
 * One trigger delivery: the outbound webhook parts (toHttpMessage signs, httpSender POSTs, the
 * retry policy decides, the webhook metrics count) driven for a single event whose outcome the
 * caller needs, which the fire-and-forget dispatcher does not return.
 */
import type { CloudEvent } from 'cloudevents';
import type { Timers } from '../../notifications/clock.js';
import { webhookAttempts, webhookDeliveries } from '../../notifications/metrics.js';
import { CloudEventMode, toHttpMessage } from '../../notifications/outbound/cloudevent.js';
import type { WebhookSender } from '../../notifications/outbound/http-sender.js';
import { isRetryable, retryDelayMs, type RetryPolicy } from '../../notifications/outbound/retry.js';
import type { TriggerFiredData } from './fired-event.js';

export interface DeliveryTarget {
  url: string;
  secret?: string;
}

export interface DeliveryOutcomeRecord {
  ok: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

export interface DeliverOptions {
  send: WebhookSender;
  policy: RetryPolicy;
  timers: Pick<Timers, 'sleep'>;
  signal: AbortSignal;
}

/** The error as text with the secret and the URL (which may carry a token) taken out. */
export function redactError(err: unknown, target: DeliveryTarget): string {
  let text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (target.secret) text = text.split(target.secret).join('[redacted]');
  return text.split(target.url).join('[url]');
}

async function attempt(
  event: CloudEvent<TriggerFiredData>,
  target: DeliveryTarget,
  o: DeliverOptions,
): Promise<Omit<DeliveryOutcomeRecord, 'attempts'>> {
  try {
    const message = toHttpMessage(event, CloudEventMode.Structured, target.secret);
    const { status } = await o.send(target.url, message, o.signal);
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `the receiver answered HTTP ${status}` };
  } catch (err) {
    return { ok: false, error: redactError(err, target) };
  }
}

/** Attempts until success, a permanent failure (4xx), the attempt limit or the signal. */
export async function deliverEvent(
  event: CloudEvent<TriggerFiredData>,
  target: DeliveryTarget,
  o: DeliverOptions,
): Promise<DeliveryOutcomeRecord> {
  let attempts = 0;
  let last: Omit<DeliveryOutcomeRecord, 'attempts'> = {
    ok: false,
    error: 'stopped before the first attempt',
  };
  while (attempts < o.policy.maxAttempts && !o.signal.aborted) {
    attempts++;
    last = await attempt(event, target, o);
    if (last.ok) break;
    const again = isRetryable(last.status) && attempts < o.policy.maxAttempts;
    webhookAttempts.inc({ result: again ? 'retry' : 'failure' });
    if (!again) break;
    await o.timers.sleep(retryDelayMs(attempts, o.policy), o.signal);
  }
  if (last.ok) webhookAttempts.inc({ result: 'success' });
  webhookDeliveries.inc({ result: last.ok ? 'success' : 'failure' });
  return { ...last, attempts };
}
