/**
 * The patch formats of PATCH requests. JSON merge patch (RFC 7386), JSON patch (RFC 6902, with
 * kube-apiserver's bounds: json-patch.ts) and strategic merge patch (./strategic-merge-patch/,
 * with the kind's merge keys). Server-side apply is src/server/apply/ (stored kinds). Pure.
 */
import { StatusError, StatusReason, badRequest } from '../../api/status-error.js';
import { applyJsonPatch } from './json-patch.js';
import { strategicMergePatch, type PatchedKind } from './strategic-merge-patch/index.js';

export const PatchType = {
  Merge: 'application/merge-patch+json',
  Json: 'application/json-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

export const SUPPORTED_PATCH_TYPES: readonly PatchType[] = [
  PatchType.Json,
  PatchType.Merge,
  PatchType.Strategic,
];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386: objects merge recursively, null deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__') continue;
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** `accepted`: the patch types of the resource (server-side apply only where it is implemented). */
export function unsupportedPatch(
  contentType: string,
  accepted: readonly string[] = SUPPORTED_PATCH_TYPES,
): StatusError {
  return new StatusError(
    415,
    StatusReason.UnsupportedMediaType,
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}` +
      (contentType === PatchType.Apply && !accepted.includes(contentType)
        ? ' (server-side apply is not supported on this resource: it is not stored but a view of an image stream; apply the image stream instead)'
        : ''),
  );
}

/**
 * The patched document; a patch that does not apply is the client's fault (400/422). `kind` names
 * whose merge keys a strategic merge patch uses (without it, only ObjectMeta's).
 */
export function applyPatch(
  type: string,
  target: unknown,
  patch: unknown,
  kind: PatchedKind = { group: '', kind: '' },
): unknown {
  switch (type) {
    case PatchType.Merge:
      if (!isPlainObject(patch)) throw badRequest('a merge patch must be a JSON object');
      return mergePatch(target, patch);
    case PatchType.Strategic:
      return strategicMergePatch(target, patch, kind);
    case PatchType.Json:
      return applyJsonPatch(target, patch);
    default:
      throw unsupportedPatch(type);
  }
}
