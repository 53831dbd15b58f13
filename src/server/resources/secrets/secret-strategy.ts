/**
 * The Secret's REST strategy, as Kubernetes validates Secrets: key names, 1 MiB of data, the
 * required key of each docker config type parsing as a docker config, `type` immutable, and no
 * data change once `immutable` is set. `stringData` is merged into `data` and never stored.
 * Messages name fields and never quote a value.
 */
import type { StatusCause } from '../../../api/status-error.js';
import type { Strategy } from '../../../api/strategy.js';
import { CauseReason, fieldForbidden, fieldInvalid, fieldRequired } from '../../../api/field-errors.js';
import { parseDockerConfig } from '../../../registry/index.js';
import {
  CHANNEL_SECRET_TYPE,
  channelSecretProblems,
} from '../../../notifications/channels/namespace-channels.js';
import { nameCauses, DNS_SUBDOMAIN } from '../names.js';
import type { SecretObject } from '../../../api/secret.js';
import { decodeSecret, DOCKER_CONFIG_KEYS, REDACTED_CONTENTS, SecretType } from './secret-schema.js';
import { REDACTED_VALUE, redactLastApplied, restoreRedacted } from './write-only.js';

const MAX_SECRET_BYTES = 1024 * 1024;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** `stringData` wins over `data` for the same key, as in Kubernetes. */
function mergeStringData(o: SecretObject): SecretObject {
  const out: SecretObject = { ...o };
  delete out.stringData;
  if (o.stringData) {
    const data = { ...o.data };
    for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(v, 'utf8').toString('base64');
    out.data = data;
  }
  const annotations = redactLastApplied(o.metadata.annotations);
  out.metadata = { ...o.metadata, ...(annotations ? { annotations } : {}) };
  return out;
}

function keyCauses(key: string): StatusCause[] {
  const field = `data[${key}]`;
  if (key.length > 253)
    return [{ reason: CauseReason.TooLong, field, message: 'Too long: may not be more than 253 bytes' }];
  if (!CONFIG_KEY.test(key))
    return [
      fieldInvalid(
        field,
        key,
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ),
    ];
  if (key === '.' || key === '..' || key.startsWith('..'))
    return [fieldInvalid(field, key, "must not be '.' or '..' nor start with '..'")];
  return [];
}

function dataCauses(o: SecretObject): StatusCause[] {
  const causes: StatusCause[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(o.data ?? {})) {
    causes.push(...keyCauses(key));
    if (value === REDACTED_VALUE)
      causes.push({
        reason: CauseReason.Invalid,
        field: `data[${key}]`,
        message: `Invalid value: ${REDACTED_CONTENTS}: the value was elided when read (secret data is write-only): send the real value`,
      });
    size += Buffer.from(value, 'base64').length;
  }
  if (size > MAX_SECRET_BYTES)
    causes.push({
      reason: CauseReason.TooLong,
      field: 'data',
      message: `Too long: must have at most ${MAX_SECRET_BYTES} bytes`,
    });
  return causes;
}

function dockerConfigCauses(o: SecretObject): StatusCause[] {
  const key = DOCKER_CONFIG_KEYS[o.type ?? ''];
  if (!key) return [];
  const field = `data[${key}]`;
  const value = o.data?.[key];
  if (value === undefined) return [fieldRequired(field)];
  try {
    parseDockerConfig(Buffer.from(value, 'base64').toString('utf8'));
    return [];
  } catch (err) {
    // CredentialsParseError messages never quote the config
    const detail = err instanceof Error ? err.message : 'not a docker config';
    return [
      { reason: CauseReason.Invalid, field, message: `Invalid value: ${REDACTED_CONTENTS}: ${detail}` },
    ];
  }
}

/** A notification channel Secret: every value a channel URL, the events annotation known events. */
function channelCauses(o: SecretObject): StatusCause[] {
  if (o.type !== CHANNEL_SECRET_TYPE) return [];
  // the messages name the service and what is wrong, never the URL
  return channelSecretProblems(o.data, o.metadata.annotations).map((p) => ({
    reason: CauseReason.Invalid,
    field: p.field,
    message: `Invalid value: ${REDACTED_CONTENTS}: ${p.message}`,
  }));
}

function validateSecret(o: SecretObject): StatusCause[] {
  return [
    ...nameCauses(o.metadata.name, DNS_SUBDOMAIN, 253, 'subdomain'),
    ...dataCauses(o),
    ...dockerConfigCauses(o),
    ...channelCauses(o),
  ];
}

function sameData(a: SecretObject, b: SecretObject): boolean {
  return JSON.stringify(a.data ?? {}) === JSON.stringify(b.data ?? {});
}

function updateCauses(o: SecretObject, old: SecretObject): StatusCause[] {
  const causes: StatusCause[] = [];
  if ((o.type ?? '') !== (old.type ?? ''))
    causes.push(fieldInvalid('type', o.type ?? '', 'field is immutable'));
  if (old.immutable === true) {
    if (o.immutable !== true)
      causes.push(fieldForbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!sameData(o, old)) causes.push(fieldForbidden('data', 'field is immutable when `immutable` is set'));
  }
  return causes;
}

export const secretStrategy: Strategy<SecretObject> = {
  kind: 'Secret',
  group: '',
  decode: decodeSecret,
  prepareForCreate: (o) => {
    const out = mergeStringData(o);
    out.type = o.type || SecretType.Opaque;
    return out;
  },
  prepareForUpdate: (o, old) => {
    const out = mergeStringData({ ...o, data: restoreRedacted(o.data, old.data) });
    if (!out.data) delete out.data;
    out.type = o.type || SecretType.Opaque;
    out.metadata = {
      ...out.metadata,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
    };
    return out;
  },
  // no status subresource: never called
  prepareForStatusUpdate: (_o, old) => old,
  validate: validateSecret,
  validateUpdate: (o, old) => [...validateSecret(o), ...updateCauses(o, old)],
};
