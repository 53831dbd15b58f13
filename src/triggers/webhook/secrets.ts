/**
 * The signing secret of a WebhookTrigger: named by the object (secretRef.env), held by the server's
 * environment. The value is returned to the sender only, never put in errors, status or logs.
 */
import type { WebhookTriggerSpec } from './schema.js';

export type SecretLookup = { ok: true; value: string | undefined } | { ok: false; error: string };

export function resolveSecret(
  ref: WebhookTriggerSpec['secretRef'],
  env: Record<string, string | undefined>,
): SecretLookup {
  if (!ref) return { ok: true, value: undefined };
  const value = env[ref.env];
  if (!value)
    return {
      ok: false,
      error: `the server has no environment variable ${ref.env} (secretRef.env): set it where isctl serve runs`,
    };
  return { ok: true, value };
}
