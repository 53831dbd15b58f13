/**
 * Kubernetes field selector parsing (k8s.io/apimachinery/pkg/fields): comma-separated
 * `field=value`, `field==value` or `field!=value` terms, backslash escapes for `\`, `,` and `=`.
 * The store supports the fields every Kubernetes type supports: metadata.name and metadata.namespace.
 */
import type { KubeObject } from '../api/object.js';
import { badRequest } from '../api/status-error.js';

export const SUPPORTED_FIELDS = ['metadata.name', 'metadata.namespace'] as const;
export type SupportedField = (typeof SUPPORTED_FIELDS)[number];

export interface FieldRequirement {
  field: SupportedField;
  operator: '=' | '!=';
  value: string;
}

/** Splits on an unescaped separator character. */
function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (c === '\\' && i + 1 < input.length) {
      current += c + (input[i + 1] as string);
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(value: string, fail: (why: string) => never): string {
  return value.replace(/\\(.?)/g, (_m, c: string) => {
    if (c === '\\' || c === ',' || c === '=') return c;
    return fail(`invalid escape sequence in "${value}"`);
  });
}

/** Index of the first unescaped operator: `!=`, `==` or `=`. */
function findOperator(term: string): { at: number; op: '=' | '==' | '!=' } | undefined {
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === '\\') {
      i++;
    } else if (c === '!' && term[i + 1] === '=') {
      return { at: i, op: '!=' };
    } else if (c === '=') {
      return { at: i, op: term[i + 1] === '=' ? '==' : '=' };
    }
  }
  return undefined;
}

function isSupported(field: string): field is SupportedField {
  return (SUPPORTED_FIELDS as readonly string[]).includes(field);
}

function parseTerm(term: string, fail: (why: string) => never): FieldRequirement {
  const found = findOperator(term);
  if (!found)
    return fail(`invalid field selector term "${term}": expected field=value, field==value or field!=value`);
  const field = term.slice(0, found.at).trim();
  const value = unescape(term.slice(found.at + found.op.length).trim(), fail);
  if (!isSupported(field)) {
    throw badRequest(`field label not supported: ${field}`);
  }
  return { field, operator: found.op === '!=' ? '!=' : '=', value };
}

/** Parses a field selector; the empty string selects everything. Throws a 400 StatusError. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  if (selector.trim() === '') return [];
  const fail = (why: string): never => {
    throw badRequest(`unable to parse field selector "${selector}": ${why}`);
  };
  return splitUnescaped(selector, ',').map((term) => parseTerm(term, fail));
}

function fieldValue(object: KubeObject, field: SupportedField): string {
  return field === 'metadata.name' ? object.metadata.name : (object.metadata.namespace ?? '');
}

/** True when every requirement holds for the object. */
export function matchesFields(object: KubeObject, requirements: FieldRequirement[]): boolean {
  return requirements.every((r) => (fieldValue(object, r.field) === r.value) === (r.operator === '='));
}
