/**
 * A parsed channel URL: where and how one service is reached. `secrets` lists every part of the
 * URL that may be a credential (password, tokens, query values, path segments): error texts are
 * cleaned of them, and no text we produce ever quotes the URL.
 */
import type { Notice } from './notice.js';

export const Service = {
  Slack: 'slack',
  Discord: 'discord',
  Teams: 'teams',
  Smtp: 'smtp',
  Ntfy: 'ntfy',
  Gotify: 'gotify',
  Generic: 'generic',
} as const;
export type Service = (typeof Service)[keyof typeof Service];

export interface HttpRequest {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  /** for APIs that answer 200 with an error in the body (Slack's Web API): the error, if any */
  answerError?: (body: string) => string | undefined;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465) */
  secure: boolean;
  /** STARTTLS: `true` requires it, `false` never tries it, undefined uses it when offered */
  startTls: boolean | undefined;
  auth?: { user: string; pass: string };
  from: string;
  fromName?: string;
  to: string[];
  subject?: string;
}

interface TargetBase {
  service: Service;
  /** host[:port] only: safe to show */
  host: string;
  secrets: string[];
}

export interface HttpTarget extends TargetBase {
  kind: 'http';
  request(notice: Notice): HttpRequest;
}

export interface SmtpTarget extends TargetBase {
  kind: 'smtp';
  smtp: SmtpSettings;
}

export type ChannelTarget = HttpTarget | SmtpTarget;

/** The user's fault: a channel URL cannot be used. The message never quotes the URL. */
export class ChannelUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelUrlError';
  }
}

/** The query with lower-case keys (shoutrrr's keys are case-insensitive); the first value wins. */
export function queryOf(url: URL): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of url.searchParams) if (!out.has(k.toLowerCase())) out.set(k.toLowerCase(), v);
  return out;
}

/** shoutrrr's booleans: yes/no, true/false, 1/0 */
export function boolParam(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (['yes', 'true', '1'].includes(v)) return true;
  if (['no', 'false', '0'].includes(v)) return false;
  throw new ChannelUrlError(`the "${name}" parameter must be yes or no`);
}

/** Every non-trivial piece of the URL that could be a credential. */
export function urlSecrets(url: URL, extra: readonly string[] = []): string[] {
  const pieces = [
    decodeURIComponent(url.username),
    decodeURIComponent(url.password),
    ...url.pathname.split('/').map((s) => decodeURIComponent(s)),
    ...[...url.searchParams.values()],
    ...extra,
  ];
  return [...new Set(pieces.filter((p) => p.length >= 4))].sort((a, b) => b.length - a.length);
}

export function jsonRequest(url: string, body: unknown, headers: Record<string, string> = {}): HttpRequest {
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
