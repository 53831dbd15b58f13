/**
 * Checks every written body has in common, before the kind's strategy decodes it: an object of the
 * right apiVersion/kind, in the namespace and with the name of the URL, metadata of the right
 * types, and (per `fieldValidation`) no fields our schema does not know.
 */
import { z } from 'zod';
import { toPlainJson, zodCauses } from '../../api/decode.js';
import type { KubeObject, ObjectMeta } from '../../api/object.js';
import { ObjectMetaSchema, opt } from '../../api/schema/common.js';
import { StatusError, StatusReason, badRequest, invalid } from '../../api/status-error.js';
import { ALL_SCHEMAS } from '../openapi/all-schemas.js';
import { findUnknownFields } from '../openapi/unknown-fields.js';
import { FieldValidation, type RequestScope } from './resource-def.js';

export interface InputTarget {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  schema?: string;
}

/** metadata as a client may send it: no name yet when the server is to generate one */
export type InputMeta = Omit<ObjectMeta, 'name'> & { name?: string };

/** A checked body: the target's apiVersion and kind, typed metadata; the rest is the strategy's to decode. */
export interface InputObject {
  apiVersion: string;
  kind: string;
  metadata: InputMeta;
  [field: string]: unknown;
}

// the API's ObjectMeta with the name optional; fields it does not know are left for the strategy
const InputMetaSchema = ObjectMetaSchema.extend({ name: opt(z.string()) }).loose();

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkTypeMeta(body: Record<string, unknown>, target: InputTarget): void {
  if (body.apiVersion !== undefined && body.apiVersion !== target.apiVersion) {
    throw badRequest(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${target.apiVersion})`,
    );
  }
  if (body.kind !== undefined && body.kind !== target.kind) {
    throw badRequest(
      `the kind in the data (${String(body.kind)}) does not match the expected kind (${target.kind})`,
    );
  }
}

function applyFieldValidation(
  body: Record<string, unknown>,
  target: InputTarget,
  scope: RequestScope,
): Record<string, unknown> {
  if (!target.schema) return body;
  const { unknown, pruned } = findUnknownFields(body, target.schema, ALL_SCHEMAS);
  if (unknown.length === 0) return body;
  const fields = unknown.map((f) => `unknown field "${f}"`);
  if (scope.fieldValidation === FieldValidation.Strict) {
    throw new StatusError(
      400,
      StatusReason.BadRequest,
      `${target.kind} in version "${target.apiVersion.split('/').pop() ?? ''}" cannot be handled as a ${target.kind}: strict decoding error: ${fields.join(', ')}`,
    );
  }
  if (scope.fieldValidation === FieldValidation.Warn) for (const f of fields) scope.warn(f);
  return pruned as Record<string, unknown>;
}

function placeMetadata(meta: Record<string, unknown>, target: InputTarget, scope: RequestScope): void {
  const { namespace, name } = scope.info;
  if (target.namespaced) {
    if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    meta.namespace = namespace;
  } else delete meta.namespace;
  if (name !== undefined) {
    if (meta.name !== undefined && meta.name !== '' && meta.name !== name) {
      throw badRequest(
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
      );
    }
    meta.name = name;
  }
}

function decodeMeta(meta: Record<string, unknown>, target: InputTarget, scope: RequestScope): InputMeta {
  const parsed = InputMetaSchema.safeParse(meta, { reportInput: true });
  if (parsed.success) return toPlainJson(parsed.data);
  const group = target.apiVersion.includes('/') ? target.apiVersion.split('/')[0] : '';
  const name = typeof meta.name === 'string' ? { name: meta.name } : {};
  const causes = zodCauses(parsed.error).map((c) => ({ ...c, field: `metadata.${c.field ?? ''}` }));
  throw invalid({ group, kind: target.kind, resource: scope.info.resource, ...name }, causes);
}

/** The body, checked and normalised, ready for the strategy's decode. */
export function prepareInput(body: unknown, target: InputTarget, scope: RequestScope): InputObject {
  if (!isPlainObject(body)) throw badRequest(`the request body must be a JSON object (a ${target.kind})`);
  checkTypeMeta(body, target);
  const checked = applyFieldValidation(structuredClone(body), target, scope);
  const meta = isPlainObject(checked.metadata) ? checked.metadata : {};
  placeMetadata(meta, target, scope);
  return {
    ...checked,
    apiVersion: target.apiVersion,
    kind: target.kind,
    metadata: decodeMeta(meta, target, scope),
  };
}

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The body with its name: the one sent (or the URL's), else generateName plus five random
 * characters as the apiserver makes it, else '' (the strategy's validation then asks for one).
 */
export function named(input: InputObject): KubeObject {
  const { name, generateName } = input.metadata;
  if (name || !generateName) return { ...input, metadata: { ...input.metadata, name: name ?? '' } };
  let suffix = '';
  for (let i = 0; i < 5; i++)
    suffix += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
  return { ...input, metadata: { ...input.metadata, name: `${generateName}${suffix}` } };
}
