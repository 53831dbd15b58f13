/**
 * `application/vnd.kubernetes.protobuf` request bodies: the 4-byte magic `k8s\0`, then a
 * `runtime.Unknown` whose typeMeta names the kind and whose raw bytes are the object. The object
 * is turned into the JSON form the API handlers take (metav1.Time as RFC 3339, FieldsV1 as JSON,
 * empty strings left out as Go's `omitempty` does), so one code path validates both encodings.
 * Pure; anything malformed is a 400, a kind we do not model a 415.
 */
import { rfc3339, rfc3339Micro } from '../../../api/rfc3339.js';
import protobuf from 'protobufjs';
import { StatusError, StatusReason, badRequest } from '../../../api/status-error.js';
import { FIELDS_TYPE, KINDS, MICRO_TIME_TYPE, TIME_TYPE, kubeProtoRoot } from './kube-proto.js';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Envelope {
  typeMeta?: { apiVersion?: string; kind?: string };
  raw?: Uint8Array;
  contentEncoding?: string;
}

function formatTime(value: { seconds?: number; nanos?: number }, micro: boolean): string | undefined {
  const ms = (value.seconds ?? 0) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
  if (ms === 0 && !value.nanos) return undefined;
  const at = new Date(ms);
  if (!micro) return rfc3339(at);
  return rfc3339Micro(at, Math.floor((value.nanos ?? 0) / 1000) % 1_000_000);
}

function malformed(message: string, cause: unknown): StatusError {
  return new StatusError(400, StatusReason.BadRequest, message, undefined, { cause });
}

function fieldsV1(value: { Raw?: Uint8Array }): unknown {
  if (!value.Raw || value.Raw.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(value.Raw).toString('utf8')) as unknown;
  } catch (e) {
    throw malformed('the protobuf body has a managedFields entry whose fieldsV1 is not JSON', e);
  }
}

function messageToJson(type: protobuf.Type, value: Record<string, unknown>): unknown {
  if (type.fullName === `.${TIME_TYPE}`) return formatTime(value, false);
  if (type.fullName === `.${MICRO_TIME_TYPE}`) return formatTime(value, true);
  if (type.fullName === `.${FIELDS_TYPE}`) return fieldsV1(value);
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const v = value[field.name];
    if (v === undefined) continue;
    const converted = fieldToJson(field, v);
    if (converted !== undefined) out[field.name] = converted;
  }
  return out;
}

function valueToJson(field: protobuf.Field, v: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type)
    return messageToJson(field.resolvedType, v as Record<string, unknown>);
  return v === '' ? undefined : v;
}

/** map<string, bytes> (Secret data) is base64 in JSON, as Go's encoding/json writes []byte */
function mapToJson(field: protobuf.Field, v: unknown): unknown {
  if (field.type !== 'bytes') return v;
  const entries = Object.entries(v as Record<string, Uint8Array>);
  return Object.fromEntries(entries.map(([k, b]) => [k, Buffer.from(b).toString('base64')]));
}

function fieldToJson(field: protobuf.Field, v: unknown): unknown {
  if (field.map) return mapToJson(field, v);
  if (!field.repeated) return valueToJson(field, v);
  const items = (v as unknown[]).map((x) => valueToJson(field, x)).filter((x) => x !== undefined);
  return items.length > 0 ? items : undefined;
}

function unsupportedKind(apiVersion: string, kind: string): StatusError {
  const known = Object.keys(KINDS)
    .map((k) => k.slice(k.lastIndexOf('/') + 1))
    .join(', ');
  return new StatusError(
    415,
    StatusReason.UnsupportedMediaType,
    `the body of the request was in an unknown format: protobuf bodies are accepted for ${known}; send ${apiVersion} ${kind} as application/json`,
  );
}

function decodeEnvelope(body: Buffer): Envelope {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC))
    throw badRequest('the protobuf body does not start with the Kubernetes magic number "k8s\\0"');
  const type = kubeProtoRoot().lookupType('k8s.Unknown');
  try {
    return type.toObject(type.decode(body.subarray(MAGIC.length)), { defaults: false }) as Envelope;
  } catch (e) {
    throw malformed(`the protobuf body is not a runtime.Unknown: ${(e as Error).message}`, e);
  }
}

/** The JSON form of a protobuf request body (with apiVersion and kind), or a StatusError. */
export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  const envelope = decodeEnvelope(body);
  const apiVersion = envelope.typeMeta?.apiVersion ?? '';
  const kind = envelope.typeMeta?.kind ?? '';
  if (envelope.contentEncoding)
    throw badRequest(`unsupported protobuf content encoding "${envelope.contentEncoding}"`);
  const typeName = KINDS[`${apiVersion}/${kind}`];
  if (!typeName) throw unsupportedKind(apiVersion, kind);
  const type = kubeProtoRoot().lookupType(typeName);
  let decoded: Record<string, unknown>;
  try {
    const message = type.decode(envelope.raw ?? new Uint8Array());
    decoded = type.toObject(message, { longs: Number, defaults: false }) as Record<string, unknown>;
  } catch (e) {
    throw malformed(`the protobuf body is not a valid ${kind}: ${(e as Error).message}`, e);
  }
  const object = messageToJson(type, decoded) as Record<string, unknown>;
  return { apiVersion, kind, ...object, metadata: object.metadata ?? {} };
}
