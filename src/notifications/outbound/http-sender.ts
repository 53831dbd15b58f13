/**
 * POSTs one webhook message with undici, bounded in time, through the egress guard (no
 * link-local or cloud metadata addresses); the answer's body is discarded. `sendBounded` is the
 * one request both the webhooks and the notification channels make.
 */
import { request } from 'undici';
import { sharedEgressAgent } from '../../net/egress-guard.js';
import type { OutboundMessage } from './cloudevent.js';

export interface SendResult {
  status: number;
}

export type WebhookSender = (
  url: string,
  message: OutboundMessage,
  signal: AbortSignal,
) => Promise<SendResult>;

export interface BoundedRequest {
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  userAgent: string;
}

/** One request through the egress guard, every phase bounded by `timeoutMs`; the answer's status. */
export async function sendBounded(
  url: string,
  req: BoundedRequest,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<number> {
  const res = await request(url, {
    method: req.method,
    headers: { 'user-agent': req.userAgent, ...req.headers },
    body: req.body,
    dispatcher: sharedEgressAgent(),
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  await res.body.dump();
  return res.statusCode;
}

export function httpSender(timeoutMs: number): WebhookSender {
  return async (url, message, signal) => ({
    status: await sendBounded(
      url,
      { method: 'POST', headers: message.headers, body: message.body, userAgent: 'imagestreams-webhooks' },
      signal,
      timeoutMs,
    ),
  });
}
