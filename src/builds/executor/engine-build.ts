/**
 * `docker build` and `docker push` through the Engine API (dockerode), their output streamed to
 * the build log line by line as the engine sends it.
 */
import type Docker from 'dockerode';
import type { Credential } from '../../registry/auth/credentials.js';
import type { BuildLogWriter } from '../build-log.js';

interface Progress {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Digest?: string; ID?: string };
}

export class EngineError extends Error {}

/** follows a progress stream to its end; rejects with the engine's error message */
export function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  log: BuildLogWriter,
): Promise<Progress[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Progress[]) => {
        const failed = output?.find((o) => o.error);
        if (err) reject(new EngineError(err.message, { cause: err }));
        else if (failed) reject(new EngineError(failed.errorDetail?.message ?? failed.error ?? 'failed'));
        else resolve(output);
      },
      (p: Progress) => {
        if (p.stream) log.write(p.stream);
        else if (p.status && !p.progress) log.write(`${p.id ? `${p.id}: ` : ''}${p.status}\n`);
        if (p.error) log.write(`error: ${p.errorDetail?.message ?? p.error}\n`);
      },
    );
  });
}

export interface EngineBuildOptions {
  context: string;
  files: string[];
  dockerfile: string;
  tag: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  noCache: boolean;
  pull: boolean;
  /** credentials for pulling, by registry host */
  pullAuth: Record<string, Credential>;
  signal: AbortSignal;
}

export async function engineBuild(
  docker: Docker,
  o: EngineBuildOptions,
  log: BuildLogWriter,
): Promise<string> {
  const stream = await docker.buildImage({ context: o.context, src: o.files }, {
    t: o.tag,
    dockerfile: o.dockerfile,
    buildargs: o.buildArgs,
    labels: o.labels,
    nocache: o.noCache,
    pull: o.pull,
    rm: true,
    forcerm: true,
    abortSignal: o.signal,
    ...(Object.keys(o.pullAuth).length > 0 ? { registryconfig: o.pullAuth } : {}),
  } as Parameters<Docker['buildImage']>[1]);
  const out = await followProgress(docker, stream, log);
  const id = out.map((p) => p.aux?.ID).find((v): v is string => typeof v === 'string');
  if (!id) throw new EngineError('the engine reported no image id');
  return id;
}

/** pushes `repository:tag`; the pushed manifest's digest */
export async function enginePush(
  docker: Docker,
  repository: string,
  tag: string,
  auth: Credential | undefined,
  signal: AbortSignal,
  log: BuildLogWriter,
): Promise<string> {
  const registry = repository.split('/')[0] ?? '';
  const stream = await docker.getImage(`${repository}:${tag}`).push({
    tag,
    abortSignal: signal,
    ...(auth ? { authconfig: { ...auth, serveraddress: registry } } : {}),
  } as Parameters<Docker.Image['push']>[0]);
  const out = await followProgress(docker, stream, log);
  const digest = out.map((p) => p.aux?.Digest).find((d): d is string => typeof d === 'string');
  if (!digest) throw new EngineError(`the push of ${repository}:${tag} reported no digest`);
  return digest;
}
