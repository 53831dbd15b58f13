/**
 * Sends a channel's HTTP request (the webhooks' bounded request through the egress guard).
 * `rewrite` sends a request for a fixed service host (hooks.slack.com, discord.com, …)
 * elsewhere: tests point it at receivers on loopback; the server never sets it.
 */
import { sendBounded, type BoundedAnswer } from '../outbound/http-sender.js';
import type { HttpRequest } from './target.js';

export type HttpSend = (req: HttpRequest, signal: AbortSignal) => Promise<BoundedAnswer>;

export interface HttpTransportOptions {
  timeoutMs?: number;
  rewrite?: (url: URL) => URL;
}

export function httpTransport(options: HttpTransportOptions = {}): HttpSend {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return (req, signal) => {
    const url = options.rewrite ? options.rewrite(new URL(req.url)).toString() : req.url;
    const readBytes = req.answerError ? 16 * 1024 : 0;
    return sendBounded(
      url,
      { ...req, userAgent: 'imagestreams-notifications', readBytes },
      signal,
      timeoutMs,
    );
  };
}
