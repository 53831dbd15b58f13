/**
 * The core/v1 Secret as the API reads it (zod), and the decoding that never quotes a value: a
 * bad `data` or `stringData` entry is named by its field, its contents shown as Kubernetes shows
 * them, `<secret contents redacted>`.
 */
import { z } from 'zod';
import type { SecretObject } from '../../../api/secret.js';
import { badRequest, invalid, type StatusCause } from '../../../api/status-error.js';
import { CauseReason } from '../../../api/field-errors.js';

export const SecretType = {
  Opaque: 'Opaque',
  DockerConfigJson: 'kubernetes.io/dockerconfigjson',
  DockerCfg: 'kubernetes.io/dockercfg',
} as const;

/** The data key each docker config type requires. */
export const DOCKER_CONFIG_KEYS: Readonly<Record<string, string>> = {
  [SecretType.DockerConfigJson]: '.dockerconfigjson',
  [SecretType.DockerCfg]: '.dockercfg',
};

export const REDACTED_CONTENTS = '"<secret contents redacted>"';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const SecretSchema = z.looseObject({
  apiVersion: z.string().default('v1'),
  kind: z.string().default('Secret'),
  metadata: z.looseObject({ name: z.string().optional(), namespace: z.string().optional() }),
  type: z.string().optional(),
  immutable: z.boolean().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  stringData: z.record(z.string(), z.unknown()).optional(),
});
type SecretSchema = z.infer<typeof SecretSchema>;

/** A Secret whose values passed valueCauses, read as its type (same fields, same order). */
const CheckedSecretSchema = SecretSchema.extend({
  // the server names the body before decoding it (input.ts `named`)
  metadata: z.looseObject({ name: z.string().default(''), namespace: z.string().optional() }),
  data: z.record(z.string(), z.string()).optional(),
  stringData: z.record(z.string(), z.string()).optional(),
});

function secretCause(field: string, detail: string): StatusCause {
  return { reason: CauseReason.Invalid, field, message: `Invalid value: ${REDACTED_CONTENTS}: ${detail}` };
}

/** Causes for values that are not strings (stringData) or not base64 strings (data). */
function valueCauses(field: 'data' | 'stringData', map: Record<string, unknown> | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(map ?? {})) {
    if (typeof value !== 'string') causes.push(secretCause(`${field}[${key}]`, 'must be of type string'));
    else if (field === 'data' && !BASE64.test(value))
      causes.push(secretCause(`${field}[${key}]`, 'illegal base64 data'));
  }
  return causes;
}

function nameOf(input: unknown): string | undefined {
  const meta = (input as { metadata?: { name?: unknown } } | null)?.metadata;
  return typeof meta?.name === 'string' ? meta.name : undefined;
}

/** Parses a Secret body; 422 naming each bad field (never quoting a secret value), 400 for the wrong kind. */
export function decodeSecret(input: unknown): SecretObject {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw badRequest('the body of a Secret must be a JSON object');
  const q = { group: '', kind: 'Secret', resource: 'secrets', name: nameOf(input) ?? '' };
  // no reportInput: zod must not carry the values into the causes
  const parsed = SecretSchema.safeParse(input);
  if (!parsed.success) {
    const causes = parsed.error.issues.map((i) => secretCause(i.path.map(String).join('.'), i.message));
    throw invalid(q, causes);
  }
  const s = parsed.data;
  const causes = [...valueCauses('data', s.data), ...valueCauses('stringData', s.stringData)];
  if (causes.length > 0) throw invalid(q, causes);
  if (s.apiVersion !== 'v1')
    throw badRequest(
      `the API version in the data (${s.apiVersion}) does not match the expected API version (v1)`,
    );
  if (s.kind !== 'Secret')
    throw badRequest(`the kind in the data (${s.kind}) does not match the expected kind (Secret)`);
  // cannot fail: the checks above passed
  return CheckedSecretSchema.parse(s);
}
