/**
 * What `isctl new-build` creates, as oc new-build generates it (oc pkg/helpers/newapp/app
 * BuildRef.BuildConfig): the output ImageStream (unless the output is a DockerImage) and the
 * BuildConfig, both labelled `build=NAME` and annotated `openshift.io/generated-by`. Triggers as
 * oc: GitHub and Generic webhooks with generated secrets, then (not for a binary build)
 * ConfigChange and an ImageChange on the builder image stream. Pure but for the secrets.
 */
import { randomBytes } from 'node:crypto';
import { CliError } from '../errors.js';
import {
  checkName,
  nameFromGitUrl,
  parseSourceArg,
  parseStreamTag,
  type GitSource,
  type SourceArg,
  type StreamTagRef,
} from './source-args.js';

export interface NewBuildFlags {
  strategy?: string;
  imageStream?: string;
  to?: string;
  toDocker?: boolean;
  name?: string;
  binary?: boolean;
  dockerfile?: string;
  contextDir?: string;
  env?: { name: string; value: string }[];
}

type Obj = Record<string, unknown> & { kind: string; metadata: { name: string } };

export interface NewBuildPlan {
  name: string;
  /** the builder image stream to check exists, if any */
  builder?: StreamTagRef;
  /** the output ImageStream first (when one is created), then the BuildConfig */
  objects: Obj[];
  binary: boolean;
}

const GENERATED_BY = { 'openshift.io/generated-by': 'OpenShiftNewBuild' };

/** oc's GenerateSecret(20): 20 characters of URL-safe base64 */
export function generateSecret(): string {
  return randomBytes(15).toString('base64url');
}

interface Inputs {
  git?: GitSource;
  builder?: StreamTagRef;
  strategy: 'Docker' | 'Source';
}

function sourceOf(args: readonly string[], flags: NewBuildFlags): SourceArg | undefined {
  if (args.length > 1) throw new CliError('new-build takes one source: a Git URL or BUILDER~GIT_URL');
  const arg = args[0] === undefined ? undefined : parseSourceArg(args[0]);
  if (flags.binary && arg)
    throw new CliError('specifying binary builds and source repositories at the same time is not allowed');
  if (!arg && !flags.binary && flags.dockerfile === undefined)
    throw new CliError(
      'you must specify a source code location (a Git URL or BUILDER~GIT_URL), --binary or --dockerfile to create a build configuration',
    );
  return arg;
}

function builderOf(arg: SourceArg | undefined, flags: NewBuildFlags): StreamTagRef | undefined {
  if (arg?.builder && flags.imageStream)
    throw new CliError('--image-stream and BUILDER~GIT_URL both name the builder: give one');
  return (
    arg?.builder ?? (flags.imageStream ? parseStreamTag(flags.imageStream, '--image-stream') : undefined)
  );
}

function inputs(args: readonly string[], flags: NewBuildFlags): Inputs {
  const arg = sourceOf(args, flags);
  const builder = builderOf(arg, flags);
  const strategy = strategyOf(flags, builder, arg?.builder !== undefined);
  if (strategy === 'Source' && !builder)
    throw new CliError(
      'the Source strategy needs a builder image: --image-stream NAME[:TAG] or BUILDER~GIT_URL',
    );
  return { ...(arg ? { git: arg.git } : {}), ...(builder ? { builder } : {}), strategy };
}

function strategyOf(
  flags: NewBuildFlags,
  builder: StreamTagRef | undefined,
  tilde: boolean,
): Inputs['strategy'] {
  const s = flags.strategy?.toLowerCase();
  if (s === 'docker') return 'Docker';
  if (s === 'source') return 'Source';
  if (s !== undefined)
    throw new CliError(`--strategy "${flags.strategy}": supported values are docker and source`);
  if (tilde) return 'Source';
  return builder && flags.dockerfile === undefined ? 'Source' : 'Docker';
}

function nameOf(flags: NewBuildFlags, git: GitSource | undefined): string {
  if (flags.name) return checkName(flags.name);
  const fromGit = git ? nameFromGitUrl(git.uri) : undefined;
  if (fromGit) return fromGit;
  const fromTo = flags.to && !flags.toDocker ? flags.to.split(':')[0] : undefined;
  if (fromTo) return checkName(fromTo);
  throw new CliError('unable to suggest a name for this BuildConfig: give --name');
}

function output(
  flags: NewBuildFlags,
  name: string,
): { to: Obj['metadata'] & { kind: string }; stream?: string } {
  if (flags.toDocker) {
    if (!flags.to) throw new CliError('--to-docker needs --to: the image repository to push to');
    return { to: { kind: 'DockerImage', name: flags.to } };
  }
  const to = flags.to ?? `${name}:latest`;
  if (to.includes('/'))
    throw new CliError(`--to "${to}": a build pushes to an image stream of its own namespace: NAME[:TAG]`);
  const tag = parseStreamTag(to, '--to');
  return { to: { kind: 'ImageStreamTag', name: tag.name }, stream: tag.name.split(':')[0] ?? name };
}

function source(i: Inputs, flags: NewBuildFlags): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  if (flags.dockerfile !== undefined) Object.assign(s, { type: 'Dockerfile', dockerfile: flags.dockerfile });
  if (i.git) Object.assign(s, { type: 'Git', git: i.git });
  if (flags.contextDir) s.contextDir = flags.contextDir;
  if (flags.binary) Object.assign(s, { type: 'Binary', binary: {} });
  return s;
}

function strategy(i: Inputs, flags: NewBuildFlags): Record<string, unknown> {
  const env = flags.env?.length ? { env: flags.env } : {};
  const from = i.builder ? { from: i.builder } : {};
  return i.strategy === 'Source'
    ? { type: 'Source', sourceStrategy: { ...from, ...env } }
    : { type: 'Docker', dockerStrategy: { ...from, ...env } };
}

function triggers(i: Inputs, binary: boolean): Record<string, unknown>[] {
  const hooks = [
    { type: 'GitHub', github: { secret: generateSecret() } },
    { type: 'Generic', generic: { secret: generateSecret() } },
  ];
  if (binary) return hooks;
  return [
    ...hooks,
    { type: 'ConfigChange' },
    ...(i.builder ? [{ type: 'ImageChange', imageChange: {} }] : []),
  ];
}

export function planNewBuild(args: readonly string[], flags: NewBuildFlags): NewBuildPlan {
  const i = inputs(args, flags);
  const name = nameOf(flags, i.git);
  const binary = flags.binary === true;
  const out = output(flags, name);
  const metadata = (n: string) => ({ name: n, labels: { build: name }, annotations: { ...GENERATED_BY } });
  const objects: Obj[] = [];
  if (out.stream)
    objects.push({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: metadata(out.stream),
      spec: { lookupPolicy: { local: false } },
    });
  objects.push({
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: metadata(name),
    spec: {
      triggers: triggers(i, binary),
      source: source(i, flags),
      strategy: strategy(i, flags),
      output: { to: out.to },
    },
  });
  return { name, objects, binary, ...(i.builder ? { builder: i.builder } : {}) };
}
