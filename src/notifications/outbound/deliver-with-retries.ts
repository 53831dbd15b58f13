/**
 * One CloudEvent to one receiver, attempted until success, a permanent failure (4xx other than
 * 408/429), the attempt limit or the signal: the one retry loop behind the webhook dispatcher
 * and the per-trigger webhooks. Errors come back with the secret and the URL taken out.
 */
import type { CloudEvent } from 'cloudevents';
import type { Clock } from '../../controllers/clock.js';
import { webhookAttempts, webhookDeliveries } from '../metrics.js';
import { CloudEventMode, toHttpMessage } from './cloudevent.js';
import type { WebhookSender } from './http-sender.js';
import { isRetryable, retryDelayMs, type RetryPolicy } from './retry.js';

export interface DeliveryTarget {
  url: string;
  secret?: string;
  mode?: CloudEventMode;
  /** what error texts show instead of the URL (which may carry a token) */
  urlLabel: string;
}

export interface DeliveryAttempts {
  ok: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

export interface DeliveryContext {
  send: WebhookSender;
  policy: RetryPolicy;
  clock: Pick<Clock, 'sleep'>;
  signal: AbortSignal;
}

function redactDeliveryError(
  err: unknown,
  target: Pick<DeliveryTarget, 'url' | 'secret' | 'urlLabel'>,
): string {
  let text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (target.secret) text = text.split(target.secret).join('[redacted]');
  return text.split(target.url).join(target.urlLabel);
}

async function attempt(
  event: CloudEvent<unknown>,
  target: DeliveryTarget,
  ctx: DeliveryContext,
): Promise<Omit<DeliveryAttempts, 'attempts'>> {
  try {
    const message = toHttpMessage(event, target.mode ?? CloudEventMode.Structured, target.secret);
    const { status } = await ctx.send(target.url, message, ctx.signal);
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `the receiver answered HTTP ${status}` };
  } catch (err) {
    return { ok: false, error: redactDeliveryError(err, target) };
  }
}

export async function deliverWithRetries(
  event: CloudEvent<unknown>,
  target: DeliveryTarget,
  ctx: DeliveryContext,
): Promise<DeliveryAttempts> {
  let attempts = 0;
  let last: Omit<DeliveryAttempts, 'attempts'> = { ok: false, error: 'stopped before the first attempt' };
  while (attempts < ctx.policy.maxAttempts && !ctx.signal.aborted) {
    attempts++;
    last = await attempt(event, target, ctx);
    if (last.ok) break;
    const again = isRetryable(last.status) && attempts < ctx.policy.maxAttempts;
    webhookAttempts.inc({ result: again ? 'retry' : 'failure' });
    if (!again) break;
    await ctx.clock.sleep(retryDelayMs(attempts, ctx.policy), ctx.signal);
  }
  if (last.ok) webhookAttempts.inc({ result: 'success' });
  webhookDeliveries.inc({ result: last.ok ? 'success' : 'failure' });
  return { ...last, attempts };
}
