/**
 * Checks every written body has in common, before the kind's strategy decodes it: an object of the
 * right apiVersion/kind, in the namespace and with the name of the URL, and (per
 * `fieldValidation`) no fields our schema does not know.
 */
import type { KubeObject } from '../../api/object.js';
import { StatusError, StatusReason, badRequest } from '../../api/status-error.js';
import { ALL_SCHEMAS } from '../openapi/all-schemas.js';
import { findUnknownFields } from '../openapi/unknown-fields.js';
import { FieldValidation, type RequestScope } from './resource-def.js';

export interface InputTarget {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  schema?: string;
}

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

/** The body, checked and normalised, ready for the strategy's decode. */
export function prepareInput(body: unknown, target: InputTarget, scope: RequestScope): KubeObject {
  if (!isPlainObject(body)) throw badRequest(`the request body must be a JSON object (a ${target.kind})`);
  checkTypeMeta(body, target);
  const checked = applyFieldValidation(structuredClone(body), target, scope);
  const meta = isPlainObject(checked.metadata) ? checked.metadata : {};
  placeMetadata(meta, target, scope);
  return {
    ...checked,
    apiVersion: target.apiVersion,
    kind: target.kind,
    metadata: meta,
  } as unknown as KubeObject;
}

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** metadata.name from generateName plus five random characters, as the apiserver does. */
export function generateName(object: KubeObject): void {
  const meta = object.metadata;
  if (meta.name || !meta.generateName) return;
  let suffix = '';
  for (let i = 0; i < 5; i++)
    suffix += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
  meta.name = `${meta.generateName}${suffix}`;
}
