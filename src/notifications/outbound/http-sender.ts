/**
 * POSTs one webhook message with undici, bounded in time, through the egress guard (no
 * link-local or cloud metadata addresses); the answer's body is discarded.
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

export function httpSender(timeoutMs: number): WebhookSender {
  return async (url, message, signal) => {
    const res = await request(url, {
      method: 'POST',
      headers: { 'user-agent': 'imagestreams-webhooks', ...message.headers },
      body: message.body,
      dispatcher: sharedEgressAgent(),
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    return { status: res.statusCode };
  };
}
