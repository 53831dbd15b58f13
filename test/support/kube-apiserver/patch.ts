/**
 * The three patch types of the Kubernetes API. JSON patch (RFC 6902): a bad document is 400, an
 * operation that does not apply (a failed `test` included) is 422, as kube-apiserver answers.
 * Merge patch (RFC 7386). Strategic merge patch: like merge, except that lists with a merge key
 * in the core types used here (containers, initContainers, env, volumes, volumeMounts by name;
 * ports by containerPort) merge element by element, and `$patch: delete|replace` directives.
 */
import fastJsonPatch from 'fast-json-patch';
import { StatusError, StatusReason, badRequest } from '../../../src/api/status-error.js';

const PatchType = {
  Json: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
} as const;

const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function applyPatch(contentType: string, target: Json, patch: unknown): Json {
  const type = contentType.split(';')[0]?.trim();
  let out: unknown;
  if (type === PatchType.Json) out = jsonPatch(target, patch);
  else if (type === PatchType.Merge) out = mergePatch(target, patch);
  else if (type === PatchType.Strategic) out = strategicMerge(target, patch);
  else {
    throw new StatusError(
      415,
      StatusReason.UnsupportedMediaType,
      `the body of the request was in an unknown format - accepted media types include: ${Object.values(PatchType).join(', ')}`,
    );
  }
  if (!isObject(out)) throw badRequest('the patch did not produce an object');
  return out;
}

function jsonPatch(target: Json, patch: unknown): unknown {
  if (!Array.isArray(patch) || !patch.every(isObject)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  const ops = patch as unknown as fastJsonPatch.Operation[];
  try {
    return fastJsonPatch.applyPatch(structuredClone(target), ops, true, false).newDocument;
  } catch (e) {
    const message = e instanceof Error ? (e.message.split('\n')[0] ?? e.name) : String(e);
    throw new StatusError(422, StatusReason.Invalid, message, undefined, { cause: e });
  }
}

/** RFC 7386: objects merge recursively, null deletes, everything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Json = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function strategicMerge(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return withoutDirectives(patch);
  const out: Json = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    const mergeKey = MERGE_KEYS[key];
    if (value === null) delete out[key];
    else if (mergeKey && Array.isArray(value)) out[key] = mergeList(out[key], value, mergeKey);
    else out[key] = strategicMerge(out[key], value);
  }
  return out;
}

function mergeList(target: unknown, patch: unknown[], mergeKey: string): unknown[] {
  const out = Array.isArray(target) ? [...target] : [];
  for (const item of patch) {
    if (!isObject(item) || item[mergeKey] === undefined) {
      throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    }
    const at = out.findIndex((e) => isObject(e) && e[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = strategicMerge(out[at], item);
    else out.push(withoutDirectives(item));
  }
  return out;
}

function withoutDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDirectives);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => !k.startsWith('$'))
      .map(([k, x]) => [k, withoutDirectives(x)]),
  );
}
