/**
 * Checks a Kubernetes object against the models @kubernetes/client-node generates from the
 * Kubernetes OpenAPI document (client-node 1.3: Kubernetes 1.33's API). No cluster runs here, so
 * this stands in for `kubectl apply --dry-run=server --validate=strict`:
 *   - every field must exist in the model (a misspelt or misplaced field is an error, as strict
 *     field validation makes it), with the model's type (string, integer, boolean, int-or-string,
 *     arrays, maps, nested models);
 *   - every field the OpenAPI document marks required must be there (read from the generated
 *     declaration files, where a required property has no `?`).
 * It does not check what only the API server knows: enum values, defaulting, cross-field rules
 * (e.g. selector matches template labels), quantities, admission and RBAC escalation checks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface Model {
  getAttributeTypeMap(): Attribute[];
}

/** kind -> apiVersion and model, for the kinds the deploy manifests use. */
const KIND_MODELS: Readonly<Record<string, { apiVersion: string; model: string }>> = {
  Namespace: { apiVersion: 'v1', model: 'V1Namespace' },
  ServiceAccount: { apiVersion: 'v1', model: 'V1ServiceAccount' },
  Service: { apiVersion: 'v1', model: 'V1Service' },
  Secret: { apiVersion: 'v1', model: 'V1Secret' },
  ConfigMap: { apiVersion: 'v1', model: 'V1ConfigMap' },
  PersistentVolumeClaim: { apiVersion: 'v1', model: 'V1PersistentVolumeClaim' },
  Deployment: { apiVersion: 'apps/v1', model: 'V1Deployment' },
  PodDisruptionBudget: { apiVersion: 'policy/v1', model: 'V1PodDisruptionBudget' },
  ClusterRole: { apiVersion: 'rbac.authorization.k8s.io/v1', model: 'V1ClusterRole' },
  ClusterRoleBinding: { apiVersion: 'rbac.authorization.k8s.io/v1', model: 'V1ClusterRoleBinding' },
  Role: { apiVersion: 'rbac.authorization.k8s.io/v1', model: 'V1Role' },
  RoleBinding: { apiVersion: 'rbac.authorization.k8s.io/v1', model: 'V1RoleBinding' },
  APIService: { apiVersion: 'apiregistration.k8s.io/v1', model: 'V1APIService' },
  MutatingWebhookConfiguration: {
    apiVersion: 'admissionregistration.k8s.io/v1',
    model: 'V1MutatingWebhookConfiguration',
  },
};

const modelsDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node')),
  'gen',
  'models',
);
const requiredCache = new Map<string, Set<string>>();

/** Properties declared without `?` in the generated class: required in the OpenAPI document. */
function requiredOf(model: string): Set<string> {
  let required = requiredCache.get(model);
  if (!required) {
    const dts = readFileSync(path.join(modelsDir, `${model}.d.ts`), 'utf8');
    required = new Set([...dts.matchAll(/^ {4}'(\w+)': /gm)].map((m) => m[1]!));
    requiredCache.set(model, required);
  }
  return required;
}

function modelNamed(name: string): Model | undefined {
  const m = (k8s as unknown as Record<string, unknown>)[name];
  return typeof m === 'function' && 'getAttributeTypeMap' in m ? (m as unknown as Model) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const SCALARS: Record<string, (v: unknown, format: string) => boolean> = {
  // format byte (a caBundle): base64, as the API server decodes it
  string: (v, format) =>
    typeof v === 'string' &&
    (format !== 'byte' || /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v)),
  Date: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  boolean: (v) => typeof v === 'boolean',
  number: (v, format) => typeof v === 'number' && (format === 'double' || Number.isInteger(v)),
  IntOrString: (v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)),
  any: () => true,
};

function checkValue(value: unknown, type: string, format: string, at: string, errors: string[]): void {
  const array = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  const scalar = SCALARS[type];
  if (array) {
    if (!Array.isArray(value)) errors.push(`${at}: expected an array`);
    else value.forEach((v, i) => checkValue(v, array[1]!, format, `${at}[${i}]`, errors));
  } else if (map) {
    if (!isObject(value)) errors.push(`${at}: expected a map`);
    else for (const [k, v] of Object.entries(value)) checkValue(v, map[1]!, format, `${at}.${k}`, errors);
  } else if (scalar) {
    if (!scalar(value, format)) errors.push(`${at}: expected ${type}${format ? ` (${format})` : ''}`);
  } else checkModel(value, type, at, errors);
}

function checkModel(value: unknown, model: string, at: string, errors: string[]): void {
  const m = modelNamed(model);
  if (!m) throw new Error(`no client-node model ${model} (at ${at})`);
  if (!isObject(value)) {
    errors.push(`${at}: expected an object (${model})`);
    return;
  }
  const attrs = new Map(m.getAttributeTypeMap().map((a) => [a.baseName, a]));
  for (const [key, v] of Object.entries(value)) {
    const attr = attrs.get(key);
    if (!attr) errors.push(`${at}.${key}: unknown field (${model})`);
    else if (v !== null) checkValue(v, attr.type, attr.format, `${at}.${key}`, errors);
  }
  for (const name of requiredOf(model)) {
    const attr = [...attrs.values()].find((a) => a.name === name);
    if (attr && value[attr.baseName] === undefined)
      errors.push(`${at}.${attr.baseName}: required (${model})`);
  }
}

/** The schema errors of one object (empty: it conforms), each naming the field path. */
export function kubeSchemaErrors(object: unknown): string[] {
  if (!isObject(object)) return ['the document is not an object'];
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const known = KIND_MODELS[kind];
  if (!known) return [`kind ${JSON.stringify(kind)} is not one the checker knows`];
  const errors: string[] = [];
  if (object.apiVersion !== known.apiVersion)
    errors.push(`apiVersion: ${String(object.apiVersion)} is not ${known.apiVersion} for ${kind}`);
  const meta = object.metadata;
  if (!isObject(meta) || typeof meta.name !== 'string' || meta.name === '')
    errors.push('metadata.name: required');
  checkModel(object, known.model, kind, errors);
  return errors;
}
