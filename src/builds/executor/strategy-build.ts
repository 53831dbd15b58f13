/**
 * The image of a Build's strategy, tagged on the engine: Docker (the Dockerfile edited, then the
 * engine's build) or Source (s2i.ts). Each step's failure is a BuildFailure with OpenShift's reason.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Credential, CredentialStore } from '../../registry/auth/credentials.js';
import type { BuildLogWriter } from '../build-log.js';
import { BuildReason } from '../constants.js';
import type { Build, EnvVar } from '../schema.js';
import { BuildFailure, step } from './build-failure.js';
import { insertEnv, replaceLastFrom } from './dockerfile.js';
import { engineBuild } from './engine-build.js';
import { S2IError, s2iBuild } from './s2i.js';
import { contextFiles, type PreparedSource } from './source.js';

const envMap = (list: EnvVar[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((e) => [e.name, e.value ?? '']));

/** the Dockerfile with the strategy's image and env applied; its path relative to the context */
async function editDockerfile(build: Build, source: PreparedSource): Promise<string> {
  const d = build.spec.strategy.dockerStrategy ?? {};
  const path = d.dockerfilePath || 'Dockerfile';
  const file = join(source.context, path);
  let text = await readFile(file, 'utf8');
  if (d.from?.kind === 'DockerImage' && d.from.name) text = replaceLastFrom(text, d.from.name);
  text = insertEnv(text, d.env ?? []);
  await writeFile(file, text);
  return path;
}

function imageLabels(build: Build, commit: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {
    'io.openshift.build.name': build.metadata.name,
    'io.openshift.build.namespace': build.metadata.namespace ?? '',
  };
  if (commit) labels['io.openshift.build.commit.id'] = commit;
  if (build.spec.source.git)
    labels['io.openshift.build.source-location'] = build.spec.source.git.uri.replace(/\/\/[^@/]*@/, '//');
  for (const l of build.spec.output.imageLabels ?? []) labels[l.name] = l.value ?? '';
  return labels;
}

/** one build of the image: the engine, the pull credentials, the build, its source, the tag to build */
export interface StrategyRun {
  docker: Docker;
  /** credentials for the pull of the base or builder image */
  pull: CredentialStore | undefined;
  /** more registries to give the Docker build credentials for (a pullSecret's, for every stage) */
  pullRegistries?: string[];
  build: Build;
  source: PreparedSource;
  tag: string;
  log: BuildLogWriter;
  signal: AbortSignal;
}

/** the engine's registry config: the credential of each registry a pull may need */
function pullConfig(run: StrategyRun, fromRegistry: string): Record<string, Credential> {
  const out: Record<string, Credential> = {};
  for (const registry of [fromRegistry, ...(run.pullRegistries ?? [])]) {
    const c = run.pull?.get(registry);
    if (c) out[registry] = c;
  }
  return out;
}

async function dockerBuild(run: StrategyRun): Promise<void> {
  const { docker, build, source, tag, log, signal } = run;
  const d = build.spec.strategy.dockerStrategy ?? {};
  const dockerfile = await step(BuildReason.FetchSourceFailed, log, () => editDockerfile(build, source));
  const fromRegistry = d.from?.name.split('/')[0] ?? '';
  await step(BuildReason.DockerBuildFailed, log, async () =>
    engineBuild(
      docker,
      {
        context: source.context,
        files: await contextFiles(source.context),
        dockerfile,
        tag,
        buildArgs: envMap(d.buildArgs),
        labels: imageLabels(build, source.commit),
        noCache: d.noCache === true,
        pull: d.forcePull === true,
        pullAuth: pullConfig(run, fromRegistry),
        signal,
      },
      log,
    ),
  );
}

const S2I_REASONS: Record<S2IError['step'], BuildReason> = {
  pull: BuildReason.PullBuilderImageFailed,
  scripts: BuildReason.InstallScriptsFailed,
  assemble: BuildReason.AssembleFailed,
};

async function sourceBuild({ docker, pull, build, source, tag, log, signal }: StrategyRun): Promise<void> {
  const s = build.spec.strategy.sourceStrategy;
  const builder = s?.from?.name ?? '';
  const options = {
    builder,
    context: source.context,
    tag,
    env: envMap(s?.env),
    labels: imageLabels(build, source.commit),
    forcePull: s?.forcePull === true,
    pullAuth: pull?.get(builder.split('/')[0] ?? ''),
    signal,
  };
  await step(BuildReason.GenericS2IBuildFailed, log, async () => {
    try {
      await s2iBuild(docker, options, log);
    } catch (e) {
      if (!(e instanceof S2IError)) throw e;
      log.write(`error: ${e.message}\n`);
      const reason = S2I_REASONS[e.step];
      throw new BuildFailure(reason);
    }
  });
}

/** the strategy's image, tagged `tag` on the engine */
export function buildImage(run: StrategyRun): Promise<void> {
  return run.build.spec.strategy.sourceStrategy ? sourceBuild(run) : dockerBuild(run);
}
