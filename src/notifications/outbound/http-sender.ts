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
  /** read this many bytes of the answer's body at most (default: none, the body is discarded) */
  readBytes?: number;
}

export interface BoundedAnswer {
  status: number;
  /** the start of the body, when `readBytes` asked for it */
  body?: string;
}

async function readStart(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/** One request through the egress guard, every phase bounded by `timeoutMs`. */
export async function sendBounded(
  url: string,
  req: BoundedRequest,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<BoundedAnswer> {
  const res = await request(url, {
    method: req.method,
    headers: { 'user-agent': req.userAgent, ...req.headers },
    body: req.body,
    dispatcher: sharedEgressAgent(),
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  if (!req.readBytes) {
    await res.body.dump();
    return { status: res.statusCode };
  }
  const body = await readStart(res.body, req.readBytes);
  res.body.destroy();
  return { status: res.statusCode, body };
}

export function httpSender(timeoutMs: number): WebhookSender {
  return async (url, message, signal) => {
    const { status } = await sendBounded(
      url,
      { method: 'POST', headers: message.headers, body: message.body, userAgent: 'imagestreams-webhooks' },
      signal,
      timeoutMs,
    );
    return { status };
  };
}
