/**
 * Outbound webhook subscriptions, from the file given with `--webhook-config` (YAML or JSON):
 *
 *   webhooks:
 *     - name: ci
 *       url: https://ci.example.com/hooks/imagestreams
 *       secret: s3cr3t             # signs X-Imagestreams-Signature; optional
 *       namespaces: [team-a]       # omitted: every namespace
 *       mode: structured           # or binary
 *
 * A bare list of subscriptions is accepted too. Secrets are never logged or echoed in errors.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { ChannelSettingSchema, type ChannelSetting } from '../channels/channel-config.js';
import { CloudEventMode } from './cloudevent.js';

const WebhookSubscriptionSchema = z.object({
  name: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(1).optional(),
  namespaces: z.array(z.string().min(1)).optional(),
  mode: z.enum([CloudEventMode.Structured, CloudEventMode.Binary]).optional(),
});

const OutboundConfigSchema = z.object({
  webhooks: z.array(WebhookSubscriptionSchema).optional(),
  /** notification channels (src/notifications/channels/channel-config.ts) */
  notifications: z.array(ChannelSettingSchema).optional(),
});

/** The whole file: CloudEvents subscriptions and notification channel settings. */
export interface OutboundConfig {
  webhooks: WebhookSubscription[];
  notifications: ChannelSetting[];
}

export interface WebhookSubscription {
  name: string;
  url: string;
  secret?: string;
  /** undefined: every namespace */
  namespaces?: string[];
  mode?: CloudEventMode;
}

/** The user's fault: the webhook config cannot be used. */
export class WebhookConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebhookConfigError';
  }
}

function parseOutboundConfig(input: unknown, origin = 'webhook config'): OutboundConfig {
  // the schema of the form given, so that an error names the field rather than "no union member"
  const result = (Array.isArray(input) ? z.array(WebhookSubscriptionSchema) : OutboundConfigSchema).safeParse(
    input,
  );
  if (!result.success) {
    const issue = result.error.issues[0];
    // no cause: zod's issues may carry the input, and a notification URL holds credentials
    throw new WebhookConfigError(
      `${origin}: ${issue?.message ?? 'invalid'} at ${issue?.path.join('.') ?? ''}`,
    );
  }
  if (Array.isArray(result.data)) return { webhooks: subscriptions(result.data, origin), notifications: [] };
  return {
    webhooks: subscriptions(result.data.webhooks ?? [], origin),
    notifications: result.data.notifications ?? [],
  };
}

export function parseWebhookConfig(input: unknown, origin = 'webhook config'): WebhookSubscription[] {
  return parseOutboundConfig(input, origin).webhooks;
}

function subscriptions(
  list: z.infer<typeof WebhookSubscriptionSchema>[],
  origin: string,
): WebhookSubscription[] {
  const names = new Set<string>();
  return list.map((s, i) => {
    const name = s.name ?? `webhook-${i + 1}`;
    if (names.has(name)) throw new WebhookConfigError(`${origin}: webhook name "${name}" is used twice`);
    names.add(name);
    const sub: WebhookSubscription = { name, url: s.url };
    if (s.secret) sub.secret = s.secret;
    if (s.namespaces) sub.namespaces = s.namespaces;
    if (s.mode) sub.mode = s.mode;
    return sub;
  });
}

export async function loadWebhookConfig(path: string): Promise<WebhookSubscription[]> {
  return (await loadOutboundConfig(path)).webhooks;
}

export async function loadOutboundConfig(path: string): Promise<OutboundConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new WebhookConfigError(`cannot read the webhook config ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    // no cause and no message: the parser quotes the offending line, which may hold a secret
    throw new WebhookConfigError(`the webhook config ${path} is not YAML or JSON`);
  }
  return parseOutboundConfig(data, path);
}
