/**
 * The Source strategy (S2I) on the Engine API, as the `s2i` tool does: the builder image's
 * `io.openshift.s2i.scripts-url` label (default `image:///usr/libexec/s2i`) names its scripts; the
 * source goes to `<destination>/src` (label `io.openshift.s2i.destination`, default `/tmp`) of a
 * container created from the builder; `assemble` runs there, its output streamed to the build
 * log; the container is committed with `run` as its command, tagged for the push.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Credential } from '../../registry/auth/credentials.js';
import type { BuildLogWriter } from '../build-log.js';
import { EngineError, followProgress } from './engine-build.js';

const SCRIPTS_URL_LABEL = 'io.openshift.s2i.scripts-url';
const DESTINATION_LABEL = 'io.openshift.s2i.destination';
const DEFAULT_SCRIPTS_URL = 'image:///usr/libexec/s2i';
const DEFAULT_DESTINATION = '/tmp';
const OUTPUT_DRAIN_MS = 2000;

/** a step of the S2I build failed; `assemble` means the assemble script exited non-zero */
export class S2IError extends Error {
  readonly step: 'pull' | 'scripts' | 'assemble';
  constructor(step: S2IError['step'], message: string) {
    super(message);
    this.step = step;
  }
}

export interface S2IOptions {
  builder: string;
  context: string;
  tag: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  forcePull: boolean;
  pullAuth: Credential | undefined;
  signal: AbortSignal;
}

interface BuilderConfig {
  Env?: string[];
  User?: string;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
}

async function inspectBuilder(docker: Docker, name: string): Promise<BuilderConfig | undefined> {
  try {
    return ((await docker.getImage(name).inspect()) as { Config?: BuilderConfig }).Config ?? {};
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}

async function pullBuilder(docker: Docker, o: S2IOptions, log: BuildLogWriter): Promise<BuilderConfig> {
  const present = o.forcePull ? undefined : await inspectBuilder(docker, o.builder);
  if (present) return present;
  log.write(`Pulling image ${o.builder} ...\n`);
  try {
    const registry = o.builder.split('/')[0] ?? '';
    const stream = (await docker.pull(o.builder, {
      abortSignal: o.signal,
      ...(o.pullAuth ? { authconfig: { ...o.pullAuth, serveraddress: registry } } : {}),
    })) as NodeJS.ReadableStream;
    await followProgress(docker, stream, log);
    const pulled = await inspectBuilder(docker, o.builder);
    if (!pulled) throw new EngineError(`${o.builder} is not present after its pull`);
    return pulled;
  } catch (e) {
    throw new S2IError('pull', e instanceof Error ? e.message : String(e));
  }
}

/** the scripts directory inside the image: only `image://` URLs (http scripts are not fetched) */
export function scriptsDir(labels: Record<string, string> | null | undefined): string {
  const url = labels?.[SCRIPTS_URL_LABEL] || DEFAULT_SCRIPTS_URL;
  if (!url.startsWith('image://') || !url.slice('image://'.length).startsWith('/'))
    throw new S2IError('scripts', `the builder's ${SCRIPTS_URL_LABEL} ${url} is not an image:// path`);
  return url.slice('image://'.length).replace(/\/+$/, '') || '/';
}

/**
 * `<context>` as a tar whose entries are under `src/` (without .git), owned by `user` when numeric;
 * `done` rejects when tar fails (an unreadable file), so that no partial source is built
 */
function sourceTar(
  context: string,
  user: string | undefined,
): { stream: NodeJS.ReadableStream; done: Promise<void> } {
  const [uid, gid] = (user ?? '').split(':');
  const numeric = (v: string | undefined): v is string => v !== undefined && /^\d+$/.test(v);
  const owner = numeric(uid) ? [`--owner=${uid}`, `--group=${numeric(gid) ? gid : uid}`] : [];
  const tar = spawn(
    'tar',
    ['-c', '-f', '-', '-C', context, '--exclude=./.git', '--transform=s,^\\.,src,S', ...owner, '.'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  tar.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
  const done = new Promise<void>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) =>
      code === 0 ? resolve() : reject(new EngineError(`archiving the source failed: ${stderr.trim()}`)),
    );
  });
  return { stream: tar.stdout, done };
}

async function runAssemble(
  container: Docker.Container,
  scripts: string,
  o: S2IOptions,
  log: BuildLogWriter,
): Promise<void> {
  const stream = await container.attach({ stream: true, stdout: true, stderr: true });
  const sink = { write: (chunk: Buffer) => (log.write(chunk.toString('utf8')), true) };
  container.modem.demuxStream(stream, sink, sink);
  const drained = new Promise((resolve) => {
    stream.on('end', resolve);
    stream.on('error', resolve);
  });
  await container.start({ abortSignal: o.signal } as object);
  const done = (await container.wait({ abortSignal: o.signal } as object)) as { StatusCode?: number };
  // the last output may still be on its way when the engine reports the exit
  await Promise.race([drained, new Promise((r) => setTimeout(r, OUTPUT_DRAIN_MS))]);
  if (done.StatusCode !== 0)
    throw new S2IError('assemble', `${scripts}/assemble exited with code ${done.StatusCode ?? '?'}`);
}

const ENV_LINE = /^([-._a-zA-Z][-._a-zA-Z0-9]*)=(.*)$/;

/**
 * the source's `.s2i/environment` (KEY=VALUE lines; blank lines and # comments skipped, other
 * lines logged and skipped), as the s2i tool reads it; the strategy's env wins over it
 */
export async function environmentFile(context: string, log: BuildLogWriter): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(join(context, '.s2i', 'environment'), 'utf8');
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = ENV_LINE.exec(trimmed);
    if (m?.[1] !== undefined) out[m[1]] = m[2] ?? '';
    else log.write(`warning: .s2i/environment: skipping a line that is not NAME=value\n`);
  }
  return out;
}

/** builds `o.tag` from the builder and the source; the committed image's id */
export async function s2iBuild(docker: Docker, o: S2IOptions, log: BuildLogWriter): Promise<string> {
  const config = await pullBuilder(docker, o, log);
  const scripts = scriptsDir(config.Labels);
  const destination = config.Labels?.[DESTINATION_LABEL] || DEFAULT_DESTINATION;
  const fromFile = await environmentFile(o.context, log);
  const env = Object.entries({ ...fromFile, ...o.env }).map(([k, v]) => `${k}=${v}`);
  const container = await docker.createContainer({
    Image: o.builder,
    Cmd: [`${scripts}/assemble`],
    Env: env,
    // the output image's labels (commit keeps them): the container is findable by its build
    Labels: o.labels,
    ...(config.User ? { User: config.User } : {}),
    ...(config.WorkingDir ? { WorkingDir: config.WorkingDir } : {}),
    abortSignal: o.signal,
  } as Docker.ContainerCreateOptions);
  try {
    log.write(`Copying the source to ${destination}/src ...\n`);
    const tar = sourceTar(o.context, config.User);
    await Promise.all([
      container.putArchive(tar.stream, { path: destination, abortSignal: o.signal }),
      tar.done,
    ]);
    log.write(`Running ${scripts}/assemble\n`);
    await runAssemble(container, scripts, o, log);
    const [repo, tag] = splitTag(o.tag);
    const committed = (await container.commit({
      _query: { container: container.id, repo, tag },
      _body: {
        Cmd: [`${scripts}/run`],
        Env: [...(config.Env ?? []), ...env],
        Labels: { ...(config.Labels ?? {}), ...o.labels },
        ...(config.User ? { User: config.User } : {}),
        ...(config.WorkingDir ? { WorkingDir: config.WorkingDir } : {}),
      },
      abortSignal: o.signal,
    } as object)) as { Id?: string };
    if (!committed.Id) throw new EngineError('the engine reported no committed image id');
    log.write(`Committed ${o.tag} (${committed.Id})\n`);
    return committed.Id;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

function splitTag(tagged: string): [string, string] {
  const colon = tagged.lastIndexOf(':');
  return colon > tagged.lastIndexOf('/')
    ? [tagged.slice(0, colon), tagged.slice(colon + 1)]
    : [tagged, 'latest'];
}
