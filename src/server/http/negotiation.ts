/**
 * Content negotiation as the Kubernetes apiserver does it for JSON: plain objects, or the
 * server-side printing of `kubectl get` (`as=Table;g=meta.k8s.io;v=v1`). Pure.
 */
import { StatusError, StatusReason } from '../../api/status-error.js';

export const ResponseKind = { Object: 'object', Table: 'table' } as const;
export type ResponseKind = (typeof ResponseKind)[keyof typeof ResponseKind];

export interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || header.trim() === '') return [{ type: '*/*', params: {}, q: 1 }];
  const ranges = header.split(',').map((part, index) => {
    const [type = '', ...paramParts] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq > 0)
        params[p.slice(0, eq).trim().toLowerCase()] = p
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, '');
    }
    const q = params.q === undefined ? 1 : Number(params.q);
    delete params.q;
    return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, index };
  });
  return ranges
    .filter((r) => r.type !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ type, params, q }) => ({ type, params, q }));
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || type === 'application/*' || type === '*/*';
}

/** What one media range asks for, or undefined when we cannot produce it. */
function kindOf(range: MediaRange, tableAllowed: boolean): ResponseKind | undefined {
  if (!isJsonType(range.type)) return undefined;
  const as = range.params.as;
  if (as === undefined) return ResponseKind.Object;
  if (
    as === 'Table' &&
    tableAllowed &&
    range.params.g === 'meta.k8s.io' &&
    ['v1', 'v1beta1'].includes(range.params.v ?? '')
  ) {
    return ResponseKind.Table;
  }
  return undefined;
}

/**
 * The first acceptable representation, or 406 NotAcceptable. `tableAllowed` is false where a
 * Table makes no sense (writes, discovery).
 */
export function negotiate(accept: string | undefined, tableAllowed: boolean): ResponseKind {
  for (const range of parseAccept(accept)) {
    const kind = kindOf(range, tableAllowed);
    if (kind) return kind;
  }
  throw new StatusError(
    406,
    StatusReason.NotAcceptable,
    `the server was unable to respond with a content type that the client supports (accept: ${accept ?? ''}; supported: application/json, application/json;as=Table;v=v1;g=meta.k8s.io)`,
  );
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** `includeObject` of a Table request: None, Metadata (default) or Object. */
export function includeObjectPolicy(query: Record<string, unknown>): IncludeObject {
  const q = query.includeObject;
  if (q === 'None' || q === 'Object' || q === 'Metadata') return q;
  return 'Metadata';
}
