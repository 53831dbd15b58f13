/**
 * `isctl set triggers` as a pure function over an object's annotations, following
 * `oc set triggers` (oc:pkg/cli/set/triggers.go): one trigger per container, `--manual`
 * writes `paused: true`, `--auto` clears it, `--remove`/`--remove-all` delete triggers.
 */
import { badRequest } from '../api/status-error.js';
import { formatTriggersAnnotation, parseTriggersAnnotation } from './annotation.js';
import { fieldPathForContainer, parseFieldPath } from './field-path.js';
import { parseStreamTag, TRIGGERS_ANNOTATION, type Trigger, type TriggerWarning } from './trigger.js';

export interface SetTriggersOptions {
  /** Namespace of the object (the default for `fromImage`). */
  namespace: string;
  /** Object kind, for the fieldPath prefix (`Deployment`, `CronJob`, `Pod`, `Docker`, …). */
  kind?: string;
  /** `--from-image`: `STREAM:TAG` or `NS/STREAM:TAG`. */
  fromImage?: string;
  /** `-c`: container names. */
  containers?: readonly string[];
  auto?: boolean;
  manual?: boolean;
  remove?: boolean;
  removeAll?: boolean;
}

export interface SetTriggersResult {
  /** The new annotation value; `undefined` means delete the annotation. */
  value: string | undefined;
  /** Problems found in the existing value (those triggers were dropped). */
  warnings: TriggerWarning[];
}

/** Computes the new `image.openshift.io/triggers` value; throws a 400 StatusError on bad flags. */
export function setTriggers(
  annotations: Readonly<Record<string, string>> | undefined,
  opts: SetTriggersOptions,
): SetTriggersResult {
  checkFlags(opts);
  if (opts.removeAll) return { value: undefined, warnings: [] };
  const parsed = parseTriggersAnnotation(annotations?.[TRIGGERS_ANNOTATION], {
    namespace: opts.namespace,
    kind: opts.kind,
    fieldPathOptional: opts.kind === 'Docker',
  });
  const next = opts.remove ? removeMatching(parsed.triggers, opts) : upsert(parsed.triggers, opts);
  const renumbered = next.map((t, index) => ({ ...t, index }));
  const value = renumbered.length === 0 ? undefined : formatTriggersAnnotation(renumbered, opts.namespace);
  return { value, warnings: parsed.warnings };
}

function checkFlags(opts: SetTriggersOptions): void {
  if (opts.auto && opts.manual) throw badRequest('--auto and --manual are mutually exclusive');
  if (opts.remove && opts.removeAll) throw badRequest('--remove and --remove-all are mutually exclusive');
  if (opts.fromImage !== undefined && !parseFrom(opts.fromImage, opts.namespace)) {
    throw badRequest(`--from-image "${opts.fromImage}" must be STREAM:TAG or NAMESPACE/STREAM:TAG`);
  }
  if (!opts.remove && !opts.removeAll) checkUpdate(opts);
}

function checkUpdate(opts: SetTriggersOptions): void {
  if (opts.fromImage !== undefined && (opts.containers ?? []).length === 0) {
    throw badRequest('--from-image needs at least one container (-c NAME)');
  }
  if (opts.fromImage === undefined && !opts.auto && !opts.manual) {
    throw badRequest('nothing to do: give --from-image, --auto, --manual, --remove or --remove-all');
  }
}

function parseFrom(fromImage: string, namespace: string): Trigger['from'] | undefined {
  const slash = fromImage.indexOf('/');
  const ns = slash >= 0 ? fromImage.slice(0, slash) : namespace;
  const st = parseStreamTag(slash >= 0 ? fromImage.slice(slash + 1) : fromImage);
  if (!st || ns === '' || st.stream.includes('/')) return undefined;
  return { namespace: ns, stream: st.stream, tag: st.tag };
}

function containerName(t: Trigger): string | undefined {
  const sel = t.container?.selector;
  return sel && 'name' in sel ? sel.name : undefined;
}

function sameFrom(a: Trigger['from'], b: Trigger['from']): boolean {
  return a.namespace === b.namespace && a.stream === b.stream && a.tag === b.tag;
}

function removeMatching(triggers: readonly Trigger[], opts: SetTriggersOptions): Trigger[] {
  const from = opts.fromImage !== undefined ? parseFrom(opts.fromImage, opts.namespace) : undefined;
  const names = opts.containers ?? [];
  if (!from && names.length === 0) return [];
  return triggers.filter((t) => {
    const byFrom = !from || sameFrom(t.from, from);
    const name = containerName(t);
    const byName = names.length === 0 || (name !== undefined && names.includes(name));
    return !(byFrom && byName);
  });
}

function upsert(triggers: readonly Trigger[], opts: SetTriggersOptions): Trigger[] {
  const paused = opts.manual ? true : opts.auto ? false : undefined;
  const from = opts.fromImage !== undefined ? parseFrom(opts.fromImage, opts.namespace) : undefined;
  if (!from) {
    // --auto / --manual alone toggle existing triggers (of the named containers, if any).
    const names = opts.containers ?? [];
    return triggers.map((t) => {
      const name = containerName(t);
      const hit = names.length === 0 || (name !== undefined && names.includes(name));
      return hit && paused !== undefined ? { ...t, paused } : t;
    });
  }
  const out = [...triggers];
  for (const name of opts.containers ?? []) {
    const fieldPath = fieldPathForContainer(opts.kind, name);
    const trigger: Trigger = {
      index: 0,
      from,
      fieldPath,
      container: parseFieldPath(fieldPath),
      paused: paused ?? false,
    };
    const at = out.findIndex((t) => containerName(t) === name && t.container?.list === 'containers');
    if (at >= 0) out[at] = trigger;
    else out.push(trigger);
  }
  return out;
}
