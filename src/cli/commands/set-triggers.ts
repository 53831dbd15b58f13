/**
 * `isctl set triggers`, as `oc set triggers` does it, for the two kinds of targets:
 *
 *  - Kubernetes workload manifests (`-f FILE`): prints the objects with the updated
 *    `image.openshift.io/triggers` annotation (pure: nothing is sent anywhere; pipe it to
 *    `kubectl apply -f -`). Without a change flag it lists the triggers, as oc does.
 *  - Docker containers (`container/NAME`, `compose/SERVICE`): Docker labels cannot be changed on
 *    an existing container, and recreating it from here would change a running service outside a
 *    rollout. So it prints the exact `docker run --label` and Compose `labels:` to recreate it
 *    with; the next rollout keeps them.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import { isStatusError } from '../../api/status-error.js';
import {
  DockerLabels,
  parseTriggersAnnotation,
  setTriggers,
  TRIGGERS_ANNOTATION,
} from '../../triggers/index.js';
import type { SetTriggersOptions, TriggerWarning } from '../../triggers/index.js';
import { CliError } from '../errors.js';
import { readStdin } from '../manifest-target.js';
import { readManifests } from '../manifests.js';

export interface SetTriggersFlags {
  filename?: string[];
  fromImage?: string;
  containers?: string[];
  auto?: boolean;
  manual?: boolean;
  remove?: boolean;
  removeAll?: boolean;
  namespace?: string;
}

type Write = (text: string) => void;

function changeOptions(flags: SetTriggersFlags, namespace: string, kind: string): SetTriggersOptions {
  return {
    namespace,
    kind,
    ...(flags.fromImage !== undefined ? { fromImage: flags.fromImage } : {}),
    ...(flags.containers?.length ? { containers: flags.containers } : {}),
    ...(flags.auto ? { auto: true } : {}),
    ...(flags.manual ? { manual: true } : {}),
    ...(flags.remove ? { remove: true } : {}),
    ...(flags.removeAll ? { removeAll: true } : {}),
  };
}

function isChange(flags: SetTriggersFlags): boolean {
  return Boolean(
    flags.fromImage !== undefined || flags.auto || flags.manual || flags.remove || flags.removeAll,
  );
}

/** Bad flag combinations come back from setTriggers as 400 StatusErrors: the user's mistake. */
function userError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isStatusError(err)) throw new CliError(`error: ${err.message}`, { cause: err });
    throw err;
  }
}

function warn(out: Write, where: string, warnings: readonly TriggerWarning[]): void {
  for (const w of warnings) out(`warning: ${where}: ${w.field ? `${w.field}: ` : ''}${w.message}\n`);
}

/** The manifest with its annotation updated. */
function updateManifest(obj: KubeObject, flags: SetTriggersFlags, stderr: Write): KubeObject {
  const namespace = obj.metadata.namespace ?? flags.namespace ?? 'default';
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  const result = userError(() => setTriggers(annotations, changeOptions(flags, namespace, obj.kind)));
  warn(stderr, `${obj.kind.toLowerCase()}/${obj.metadata.name}`, result.warnings);
  if (result.value === undefined) delete annotations[TRIGGERS_ANNOTATION];
  else annotations[TRIGGERS_ANNOTATION] = result.value;
  const metadata = { ...obj.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete (metadata as { annotations?: unknown }).annotations;
  return { ...obj, metadata };
}

/** oc's listing: NAME TYPE VALUE AUTO, one line per trigger. */
function listTriggers(obj: KubeObject, stderr: Write): string[] {
  const namespace = obj.metadata.namespace ?? 'default';
  const parsed = parseTriggersAnnotation(obj.metadata.annotations?.[TRIGGERS_ANNOTATION], {
    namespace,
    kind: obj.kind,
  });
  const name = `${obj.kind.toLowerCase()}/${obj.metadata.name}`;
  warn(stderr, name, parsed.warnings);
  return parsed.triggers.map((t) => {
    const from = `${t.from.namespace === namespace ? '' : `${t.from.namespace}/`}${t.from.stream}:${t.from.tag}`;
    const container = t.container && 'name' in t.container.selector ? ` (${t.container.selector.name})` : '';
    return `${name}\timage\t${from}${container}\t${!t.paused}`;
  });
}

/** `container/NAME` or `compose/SERVICE` -> the name the trigger addresses. */
function dockerTargetName(target: string): string {
  const [kind, ...rest] = target.split('/');
  const name = rest.join('/');
  if ((kind !== 'container' && kind !== 'compose') || !name)
    throw new CliError(`error: "${target}" is not container/NAME or compose/SERVICE`);
  return rest[rest.length - 1] ?? name;
}

/** The one label to set: the follow shorthand when it says everything, else the triggers JSON. */
function dockerLabel(name: string, flags: SetTriggersFlags): [string, string] {
  const containers = flags.containers?.length ? flags.containers : [name];
  const options = changeOptions({ ...flags, containers }, flags.namespace ?? 'default', 'Docker');
  const value = userError(() => setTriggers({}, options).value);
  if (value === undefined) throw new CliError('error: nothing to set: give --from-image');
  if (!flags.manual && flags.fromImage !== undefined) return [DockerLabels.follow, flags.fromImage];
  return [DockerLabels.triggers, value];
}

/** What to recreate a Docker container or Compose service with. */
function dockerLabelAdvice(target: string, flags: SetTriggersFlags): string {
  const name = dockerTargetName(target);
  const head = `# Docker labels cannot be changed on an existing container: recreate ${target} with these labels.\n`;
  if (flags.remove || flags.removeAll) {
    return (
      head +
      `# Remove the labels ${DockerLabels.follow} and ${DockerLabels.triggers}, or keep the container as it is\n` +
      `# and stop its rollouts with:\n--label ${DockerLabels.pinned}=true\n`
    );
  }
  const [key, value] = dockerLabel(name, flags);
  const quoted = `'${`${key}=${value}`.replace(/'/g, `'\\''`)}'`;
  return (
    head +
    `docker run --label ${quoted} ...\n` +
    `# compose.yaml (service ${name}):\n` +
    stringify({ labels: { [key]: value } })
  );
}

export async function setTriggersCommand(
  targets: string[],
  flags: SetTriggersFlags,
  io: { stdout: Write; stderr: Write } = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  },
): Promise<void> {
  if (flags.filename?.length) {
    const manifests = await readManifests(flags.filename, { verb: 'set triggers', readStdin });
    if (!isChange(flags)) {
      const rows = manifests.flatMap((m) => listTriggers(m.object, io.stderr));
      io.stdout(['NAME\tTYPE\tVALUE\tAUTO', ...rows].join('\n') + '\n');
      return;
    }
    const updated = manifests.map((m) => updateManifest(m.object, flags, io.stderr));
    io.stdout(updated.map((o) => stringify(o)).join('---\n'));
    return;
  }
  if (targets.length === 0) throw new CliError('error: give container/NAME, compose/SERVICE or -f FILE');
  if (!isChange(flags))
    throw new CliError('error: give --from-image, --auto, --manual, --remove or --remove-all');
  io.stdout(targets.map((t) => dockerLabelAdvice(t, flags)).join('\n'));
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerSetTriggers(program: Command): void {
  const set = program.command('set').description('Update fields of objects (as oc set)');
  set
    .command('triggers')
    .description('Set or remove image triggers on workload manifests (-f) or Docker containers')
    .argument('[target...]', 'container/NAME or compose/SERVICE (Docker), or use -f')
    .option('-f, --filename <file>', 'workload manifest(s) to update and print (- for stdin)', collect)
    .option('--from-image <[ns/]stream:tag>', 'the image stream tag to follow')
    .option('-c, --containers <name>', 'container to update (repeatable)', collect)
    .option('--auto', 'roll out automatically when the tag moves (the default)')
    .option('--manual', 'add the trigger paused')
    .option('--remove', 'remove the matching triggers (all without --from-image/-c)')
    .option('--remove-all', 'remove every trigger')
    .option('-n, --namespace <ns>', 'namespace of the image stream when --from-image names none')
    .action((targets: string[], flags: SetTriggersFlags) => setTriggersCommand(targets, flags));
}
