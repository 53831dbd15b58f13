/**
 * Label and field selectors as the API server parses them (equality- and set-based label
 * requirements; `metadata.name` / `metadata.namespace` field selectors).
 */
import { badRequest } from '../../../src/api/status-error.js';

type Labels = Readonly<Record<string, string>>;
export type Matcher = (obj: KubeLike) => boolean;

export interface KubeLike {
  metadata?: { name?: string; namespace?: string; labels?: Labels };
}

const SET = /^([A-Za-z0-9./_-]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQ = /^([A-Za-z0-9./_-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/;
const EXISTS = /^(!?)([A-Za-z0-9./_-]+)$/;

/** Splits on commas outside parentheses. */
function requirements(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

function requirement(text: string): (labels: Labels) => boolean {
  const set = SET.exec(text);
  if (set) {
    const [, key = '', op, values = ''] = set;
    const vs = values.split(',').map((v) => v.trim());
    return op === 'in'
      ? (l) => l[key] !== undefined && vs.includes(l[key] ?? '')
      : (l) => l[key] === undefined || !vs.includes(l[key] ?? '');
  }
  const eq = EQ.exec(text);
  if (eq) {
    const [, key = '', op, value] = eq;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  const ex = EXISTS.exec(text);
  if (ex) {
    const [, not, key = ''] = ex;
    return not ? (l) => l[key] === undefined : (l) => l[key] !== undefined;
  }
  throw badRequest(`unable to parse requirement: ${JSON.stringify(text)}`);
}

export function labelMatcher(selector: string | null): Matcher {
  if (!selector) return () => true;
  const reqs = requirements(selector).map(requirement);
  return (obj) => reqs.every((r) => r(obj.metadata?.labels ?? {}));
}

export function fieldMatcher(selector: string | null): Matcher {
  if (!selector) return () => true;
  const reqs = requirements(selector).map((text) => {
    const eq = EQ.exec(text);
    const field = eq?.[1];
    if (!eq || (field !== 'metadata.name' && field !== 'metadata.namespace')) {
      throw badRequest(`field label not supported: ${text.split(/[=!]/)[0] ?? text}`);
    }
    const value = eq[3];
    const neg = eq[2] === '!=';
    return (obj: KubeLike) => {
      const actual = field === 'metadata.name' ? obj.metadata?.name : obj.metadata?.namespace;
      return neg ? actual !== value : actual === value;
    };
  });
  return (obj) => reqs.every((r) => r(obj));
}
