/**
 * Labels and annotations as Kubernetes validates them (apimachinery's IsQualifiedName,
 * IsValidLabelValue, ValidateLabels and ValidateAnnotations), with its messages word for word.
 * Lengths are counted in bytes, as Go's len() counts them.
 */
import { fieldInvalid, fieldTooLong } from '../field-errors.js';
import type { StatusCause } from '../status-error.js';

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX = 63;

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX = 63;

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;

/** apimachinery's TotalAnnotationSizeLimitB: keys and values together. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** validation.RegexError: the message, examples and the pattern, as Kubernetes prints them. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number): string => `must be no more than ${n} characters`;

/** validation.IsDNS1123Subdomain */
function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (bytes(value) > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value))
    errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

function prefixErrors(prefix: string): string[] {
  if (prefix === '') return ['prefix part must be non-empty'];
  return isDns1123Subdomain(prefix).map((m) => `prefix part ${m}`);
}

/** validation.IsQualifiedName: `[prefix/]name`, the prefix a DNS subdomain, the name ≤ 63. */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2)
    return [
      'a qualified name ' +
        regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  const name = parts.length === 2 ? (parts[1] ?? '') : (parts[0] ?? '');
  const errs = parts.length === 2 ? prefixErrors(parts[0] ?? '') : [];
  if (name === '') errs.push('name part must be non-empty');
  else if (bytes(name) > QUALIFIED_NAME_MAX) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name))
    errs.push(
      'name part ' + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc'),
    );
  return errs;
}

/** validation.IsValidLabelValue: empty, or a qualified name part of at most 63 characters. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (bytes(value) > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value))
    errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

type StringMap = Readonly<Record<string, unknown>> | undefined;

/** Kubernetes decodes only strings into these maps; a kind without a schema may hold anything. */
function notStrings(map: unknown, field: string): StatusCause[] {
  if (map === undefined || map === null) return [];
  if (typeof map !== 'object' || Array.isArray(map))
    return [fieldInvalid(field, map, 'must be a map of strings')];
  return Object.entries(map)
    .filter(([, v]) => typeof v !== 'string')
    .map(([k, v]) => fieldInvalid(`${field}[${k}]`, v, 'must be a string'));
}

const isMap = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** metav1validation.ValidateLabels: every key a qualified name, every value a label value. */
export function validateLabels(labels: StringMap, field = 'metadata.labels'): StatusCause[] {
  const causes = notStrings(labels, field);
  if (causes.length > 0 && !isMap(labels)) return causes;
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(key)) causes.push(fieldInvalid(field, key, msg));
    if (typeof value !== 'string') continue;
    for (const msg of isValidLabelValue(value)) causes.push(fieldInvalid(field, value, msg));
  }
  return causes;
}

/**
 * apivalidation.ValidateAnnotations: keys are qualified names in any case; keys and values
 * together at most 256 KiB.
 */
export function validateAnnotations(annotations: StringMap, field = 'metadata.annotations'): StatusCause[] {
  const causes = notStrings(annotations, field);
  if (causes.length > 0 && !isMap(annotations)) return causes;
  let total = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(key.toLowerCase())) causes.push(fieldInvalid(field, key, msg));
    total += bytes(key) + (typeof value === 'string' ? bytes(value) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES)
    causes.push(fieldTooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return causes;
}

/** Both maps of an object's metadata. */
export function validateLabelsAndAnnotations(meta: {
  labels?: StringMap;
  annotations?: StringMap;
}): StatusCause[] {
  return [...validateLabels(meta.labels), ...validateAnnotations(meta.annotations)];
}
