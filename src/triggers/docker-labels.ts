/**
 * Triggers declared on a Docker container through labels: the shorthand
 * `imagestreams.io/follow=[NS/]STREAM:TAG` or the annotation's JSON in `image.openshift.io/triggers`.
 * A container is one slot, so at most one trigger applies to it.
 */
import { parseTriggersAnnotation } from './annotation.js';
import { DEFAULT_DOCKER_NAMESPACE, DockerLabels } from './labels.js';
import { parseStreamTag, type Trigger, type TriggerWarning } from './trigger.js';

export interface DockerTriggerContext {
  /** Container name without the leading `/`. */
  containerName: string;
  /** Compose service name, when the container belongs to one. */
  service?: string;
}

export interface DockerTriggerResult {
  trigger: Trigger | undefined;
  warnings: TriggerWarning[];
}

/** The trigger a container's labels declare, with warnings for what was ignored. */
export function parseDockerTriggerLabels(
  labels: Readonly<Record<string, string>>,
  ctx: DockerTriggerContext,
): DockerTriggerResult {
  const json = labels[DockerLabels.triggers];
  const follow = labels[DockerLabels.follow];
  if (json !== undefined) {
    const result = fromTriggersLabel(json, ctx);
    if (follow !== undefined) {
      result.warnings.push({
        index: undefined,
        field: DockerLabels.follow,
        message: `label ${DockerLabels.follow} ignored: ${DockerLabels.triggers} is also set and wins`,
      });
    }
    return result;
  }
  if (follow !== undefined) return fromFollowLabel(follow);
  return { trigger: undefined, warnings: [] };
}

/** `[NS/]STREAM:TAG` -> trigger, namespace `default` when omitted. */
export function fromFollowLabel(value: string): DockerTriggerResult {
  const v = value.trim();
  const slash = v.indexOf('/');
  const namespace = slash >= 0 ? v.slice(0, slash) : DEFAULT_DOCKER_NAMESPACE;
  const st = parseStreamTag(slash >= 0 ? v.slice(slash + 1) : v);
  if (!st || namespace === '' || st.stream.includes('/')) {
    return {
      trigger: undefined,
      warnings: [
        {
          index: undefined,
          field: DockerLabels.follow,
          message: `"${value}" must be STREAM:TAG or NAMESPACE/STREAM:TAG`,
        },
      ],
    };
  }
  return {
    trigger: {
      index: 0,
      from: { namespace, stream: st.stream, tag: st.tag },
      fieldPath: '',
      container: undefined,
      paused: false,
    },
    warnings: [],
  };
}

function fromTriggersLabel(json: string, ctx: DockerTriggerContext): DockerTriggerResult {
  const parsed = parseTriggersAnnotation(json, {
    namespace: DEFAULT_DOCKER_NAMESPACE,
    kind: 'Docker',
    fieldPathOptional: true,
  });
  const warnings = [...parsed.warnings];
  const matching = parsed.triggers.filter((t) => addressesThisContainer(t, ctx));
  for (const t of parsed.triggers) {
    if (!matching.includes(t)) {
      warnings.push({
        index: t.index,
        field: 'fieldPath',
        message: `"${t.fieldPath}" does not address container ${ctx.containerName}; trigger ignored`,
      });
    }
  }
  const [first, ...rest] = matching;
  for (const t of rest) {
    warnings.push({
      index: t.index,
      field: 'fieldPath',
      message: 'a container follows one tag; extra trigger ignored',
    });
  }
  return { trigger: first, warnings };
}

function addressesThisContainer(t: Trigger, ctx: DockerTriggerContext): boolean {
  if (!t.container) return true;
  if (t.container.list !== 'containers') return false;
  const sel = t.container.selector;
  if ('index' in sel) return sel.index === 0;
  return sel.name === ctx.containerName || sel.name === ctx.service;
}
