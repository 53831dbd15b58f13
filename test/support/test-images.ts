/**
 * Tiny test images built through the engine API: `FROM scratch` with Debian's static busybox,
 * serving `/www/version` over `busybox httpd` on 127.0.0.1:$PORT, with a HEALTHCHECK on
 * `/health`. The `broken` variant has no `/health`, so its healthcheck fails while it serves.
 * Push them to a registry from `test/support/registry` (`startRegistry`).
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';

export const BUSYBOX = process.env.BUSYBOX_BIN ?? '/bin/busybox';

export interface TestImageOptions {
  /** Served at /version. */
  version: string;
  /** No /health: the healthcheck fails. */
  broken?: boolean;
  /** Repository with registry host, e.g. `127.0.0.1:5000/default/app`. */
  repository: string;
  tag?: string;
  /** Credentials for a registry started with `auth`. */
  auth?: { username: string; password: string };
}

export interface BuiltImage {
  /** `repository:tag` */
  tagged: string;
  /** `repository@sha256:…` as pushed. */
  reference: string;
  digest: string;
}

const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
COPY www /www
ENV PORT=8080
HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD ["/bin/busybox", "sh", "-c", "/bin/busybox wget -q -O- http://127.0.0.1:$PORT/health"]
CMD ["/bin/busybox", "sh", "-c", "exec /bin/busybox httpd -f -p 127.0.0.1:$PORT -h /www"]
`;

/** Builds the image, pushes it to its registry and returns the pushed digest. */
export async function buildAndPushTestImage(docker: Docker, opts: TestImageOptions): Promise<BuiltImage> {
  const tag = opts.tag ?? opts.version;
  const tagged = `${opts.repository}:${tag}`;
  const dir = await mkdtemp(join(tmpdir(), 'isimg-'));
  try {
    await mkdir(join(dir, 'www'));
    await copyFile(BUSYBOX, join(dir, 'busybox'));
    await writeFile(join(dir, 'www', 'version'), `${opts.version}\n`);
    if (!opts.broken) await writeFile(join(dir, 'www', 'health'), 'ok\n');
    await writeFile(join(dir, 'Dockerfile'), DOCKERFILE);
    const build = await docker.buildImage(
      { context: dir, src: ['Dockerfile', 'busybox', 'www/version', ...(opts.broken ? [] : ['www/health'])] },
      { t: tagged },
    );
    await follow(docker, build);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const authconfig = opts.auth
    ? { ...opts.auth, serveraddress: opts.repository.split('/')[0] ?? '' }
    : undefined;
  const push = await docker.getImage(tagged).push({ tag, ...(authconfig ? { authconfig } : {}) });
  const out = await follow(docker, push);
  const digest = out.map((o) => o.aux?.Digest).find((d): d is string => typeof d === 'string');
  if (!digest) throw new Error(`push of ${tagged} reported no digest`);
  return { tagged, reference: `${opts.repository}@${digest}`, digest };
}

/** Builds and pushes like buildAndPushTestImage, then drops the local copy: a rollout must pull it. */
export async function pushForRollout(docker: Docker, opts: TestImageOptions): Promise<BuiltImage> {
  const img = await buildAndPushTestImage(docker, opts);
  await docker
    .getImage(img.tagged)
    .remove()
    .catch(() => undefined);
  return img;
}

interface ProgressLine {
  error?: string;
  aux?: { Digest?: string };
}

function follow(docker: Docker, stream: NodeJS.ReadableStream): Promise<ProgressLine[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: ProgressLine[]) => {
      const failed = output?.find((o) => o.error);
      if (err) reject(err);
      else if (failed) reject(new Error(failed.error));
      else resolve(output);
    });
  });
}

export { freePort } from './registry/ports.js';
