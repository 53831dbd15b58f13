/**
 * Label and field selectors together with the namespace of a list or watch: the one filter that
 * lists, watch replays and the watch hub apply. Parse once per request; `matches` is cheap.
 */
import type { KubeObject } from '../api/object.js';
import { matchesFields, parseFieldSelector, type FieldRequirement } from './field-selector.js';
import { matchesLabels, parseLabelSelector, type LabelRequirement } from './label-selector.js';

export { parseLabelSelector, LabelOperator } from './label-selector.js';
export type { LabelRequirement } from './label-selector.js';
export { parseFieldSelector } from './field-selector.js';
export type { FieldRequirement } from './field-selector.js';

export interface SelectorInput {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export interface ParsedSelectors {
  /** undefined: every namespace */
  namespace: string | undefined;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

/** Parses both selectors. Throws a 400 StatusError naming the selector that does not parse. */
export function parseSelectors(input: SelectorInput = {}): ParsedSelectors {
  return {
    namespace: input.namespace === '' ? undefined : input.namespace,
    labels: parseLabelSelector(input.labelSelector ?? ''),
    fields: parseFieldSelector(input.fieldSelector ?? ''),
  };
}

/** True when the selectors select nothing but (at most) a namespace: no label or field terms. */
export function hasNoSelectors(parsed: ParsedSelectors): boolean {
  return parsed.labels.length === 0 && parsed.fields.length === 0;
}

/** True when the object is in the namespace (if any) and satisfies every label and field term. */
export function matches(object: KubeObject, parsed: ParsedSelectors): boolean {
  if (parsed.namespace !== undefined && (object.metadata.namespace ?? '') !== parsed.namespace) return false;
  return matchesLabels(object.metadata.labels, parsed.labels) && matchesFields(object, parsed.fields);
}
