/**
 * Parses OpenShift's `image.openshift.io/triggers` annotation as OpenShift does, except that
 * what OpenShift silently ignores comes back as structured warnings.
 *
 * Whole-value failures (bad JSON, not a list, a field of the wrong type such as `"paused":"false"`)
 * disable every trigger, as Go's `json.Unmarshal` does in OpenShift (OCPBUGS-43061). Problems
 * with one trigger (kind, `from.name` without `:tag`, fieldPath shape, duplicates) drop that one.
 */
import type { z } from 'zod';
import { fieldPathMismatch, parseFieldPath, sameContainer, type ContainerFieldPath } from './field-path.js';
import { TriggerEntrySchema, TriggerListSchema } from './schema.js';
import { parseStreamTag, type ParsedTriggers, type Trigger, type TriggerWarning } from './trigger.js';

export interface ParseTriggersOptions {
  /** Namespace of the annotated object: the default for `from.namespace`. */
  namespace: string;
  /** Object kind (`Deployment`, `CronJob`, `Pod`, `Docker`, …) to check the fieldPath prefix. */
  kind?: string;
  /** Docker labels may omit fieldPath; the annotation may not. */
  fieldPathOptional?: boolean;
}

type Entry = z.infer<typeof TriggerEntrySchema>;

/** Parses the annotation value; an absent or blank value is no triggers and no warnings. */
export function parseTriggersAnnotation(
  value: string | undefined,
  opts: ParseTriggersOptions,
): ParsedTriggers {
  if (value === undefined || value.trim() === '') return { triggers: [], warnings: [] };
  const decoded = decodeEntries(value);
  if ('warnings' in decoded) return { triggers: [], warnings: decoded.warnings };
  const triggers: Trigger[] = [];
  const warnings: TriggerWarning[] = [];
  decoded.entries.forEach((entry, index) => {
    const result = toTrigger(entry, index, opts);
    if ('warning' in result) {
      warnings.push(result.warning);
      return;
    }
    const dup = triggers.find((t) => isDuplicate(t, result.trigger));
    if (dup) {
      warnings.push({
        index,
        field: 'fieldPath',
        message: `duplicate triggers are not allowed: trigger ${dup.index} already sets ${dup.fieldPath || 'the container'}`,
      });
      return;
    }
    triggers.push(result.trigger);
  });
  return { triggers, warnings };
}

function decodeEntries(value: string): { entries: Entry[] } | { warnings: TriggerWarning[] } {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      warnings: [{ index: undefined, field: '', message: `not valid JSON, all triggers ignored: ${why}` }],
    };
  }
  const list = TriggerListSchema.safeParse(json);
  if (!list.success) {
    return {
      warnings: [
        { index: undefined, field: '', message: 'must be a JSON list of triggers, all triggers ignored' },
      ],
    };
  }
  const entries: Entry[] = [];
  const warnings: TriggerWarning[] = [];
  list.data.forEach((raw, index) => {
    const parsed = TriggerEntrySchema.safeParse(raw);
    if (parsed.success) {
      entries.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.');
      warnings.push({
        index,
        field,
        message: `${field || 'trigger'}: ${issue.message}; all triggers ignored`,
      });
    }
  });
  return warnings.length > 0 ? { warnings } : { entries };
}

type ToTrigger = { trigger: Trigger } | { warning: TriggerWarning };

function toTrigger(entry: Entry, index: number, opts: ParseTriggersOptions): ToTrigger {
  const warn = (field: string, message: string): ToTrigger => ({ warning: { index, field, message } });
  if (entry.from.kind !== 'ImageStreamTag') {
    return warn(
      'from.kind',
      `kind "${entry.from.kind}" is not supported, only ImageStreamTag; trigger ignored`,
    );
  }
  const st = parseStreamTag(entry.from.name);
  if (!st) {
    return warn('from.name', `"${entry.from.name}" must be STREAM:TAG; trigger never fires`);
  }
  const container = containerOf(entry.fieldPath, opts);
  if ('warning' in container) return warn('fieldPath', container.warning);
  const namespace =
    entry.from.namespace && entry.from.namespace !== '' ? entry.from.namespace : opts.namespace;
  return {
    trigger: {
      index,
      from: { namespace, stream: st.stream, tag: st.tag },
      fieldPath: entry.fieldPath ?? '',
      container: container.path,
      paused: entry.paused ?? false,
    },
  };
}

function containerOf(
  fieldPath: string | undefined,
  opts: ParseTriggersOptions,
): { path: ContainerFieldPath | undefined } | { warning: string } {
  if (fieldPath === undefined || fieldPath === '') {
    return opts.fieldPathOptional
      ? { path: undefined }
      : { warning: 'fieldPath is required; trigger ignored' };
  }
  const path = parseFieldPath(fieldPath);
  if (!path) {
    return {
      warning: `"${fieldPath}" must address a container image: ...containers[INDEX].image or ...containers[?(@.name=="NAME")].image (or initContainers); trigger ignored`,
    };
  }
  const mismatch = fieldPathMismatch(path, opts.kind);
  return mismatch ? { warning: `${mismatch}; trigger ignored` } : { path };
}

function isDuplicate(a: Trigger, b: Trigger): boolean {
  if (a.fieldPath === b.fieldPath) return true;
  return a.container !== undefined && b.container !== undefined && sameContainer(a.container, b.container);
}

/** Serialises triggers back to the annotation value, in OpenShift's shape (`paused` omitted when false). */
export function formatTriggersAnnotation(triggers: readonly Trigger[], objectNamespace: string): string {
  return JSON.stringify(
    triggers.map((t) => ({
      from: {
        kind: 'ImageStreamTag',
        name: `${t.from.stream}:${t.from.tag}`,
        ...(t.from.namespace !== objectNamespace ? { namespace: t.from.namespace } : {}),
      },
      ...(t.fieldPath ? { fieldPath: t.fieldPath } : {}),
      ...(t.paused ? { paused: true } : {}),
    })),
  );
}
