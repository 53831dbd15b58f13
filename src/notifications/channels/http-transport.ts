/**
 * Sends a channel's HTTP request with undici through the egress guard (no link-local or cloud
 * metadata addresses), bounded in time; the answer's body is discarded. `rewrite` sends a
 * request for a fixed service host (hooks.slack.com, discord.com, …) elsewhere: tests point it
 * at receivers on loopback; the server never sets it.
 */
import { request } from 'undici';
import { sharedEgressAgent } from '../../net/egress-guard.js';
import type { HttpRequest } from './target.js';

export type HttpSend = (req: HttpRequest, signal: AbortSignal) => Promise<number>;

export interface HttpTransportOptions {
  timeoutMs?: number;
  rewrite?: (url: URL) => URL;
}

export function httpTransport(options: HttpTransportOptions = {}): HttpSend {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (req, signal) => {
    const url = options.rewrite ? options.rewrite(new URL(req.url)).toString() : req.url;
    const res = await request(url, {
      method: req.method,
      headers: { 'user-agent': 'imagestreams-notifications', ...req.headers },
      body: req.body,
      dispatcher: sharedEgressAgent(),
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    return res.statusCode;
  };
}
