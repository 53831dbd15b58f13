/**
 * The body of an `application/apply-patch+yaml` PATCH: one YAML (or JSON) document holding a
 * partial object of the resource's kind. YAML 1.1, as kube-apiserver reads it (sigs.k8s.io/yaml);
 * aliases bounded; `__proto__` keys dropped. Problems are 400s worded as kube-apiserver's.
 */
import { parse } from 'yaml';
import { badRequest } from '../../api/status-error.js';
import { isPlainObject } from './node.js';

function sanitize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitize);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== '__proto__') out[k] = sanitize(v);
  return out;
}

function decodeYaml(text: string): unknown {
  // kubectl sends JSON: the JSON parser is far faster than a YAML one on a big stream
  if (text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not JSON after all: YAML flow mapping
    }
  }
  try {
    return parse(text, { version: '1.1', maxAliasCount: 100, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw badRequest(`error decoding YAML: ${why}`);
  }
}

/** The apply configuration, checked against the kind of the URL. */
export function parseApplyBody(
  body: unknown,
  target: { apiVersion: string; kind: string },
): Record<string, unknown> {
  const value = typeof body === 'string' ? decodeYaml(body) : body;
  if (!isPlainObject(value))
    throw badRequest('error decoding YAML: the apply configuration must be an object');
  const config = sanitize(value) as Record<string, unknown>;
  if (config.apiVersion !== target.apiVersion)
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${String(config.apiVersion ?? '')}, expected: ${target.apiVersion}`,
    );
  if (config.kind === undefined || config.kind === '')
    throw badRequest(`Object 'Kind' is missing in the apply configuration`);
  const meta = config.metadata;
  if (isPlainObject(meta) && meta.managedFields !== undefined && meta.managedFields !== null)
    throw badRequest('metadata.managedFields must be nil');
  return config;
}
