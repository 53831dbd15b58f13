/**
 * A `node` base image made here, since no image can be pulled: `FROM scratch` with this machine's
 * node binary and the shared libraries it loads (same glibc as the host), npm, Debian's static
 * busybox as the shell, the CA bundle, and a passwd with `node` as uid/gid 1000. Files sit where
 * the official `node` images keep them (/usr/local/bin/node, /usr/local/lib/node_modules/npm), so
 * the repository's Dockerfile builds on it unchanged through its NODE_IMAGE build argument.
 *
 * Two things this machine needs that a real build fetches from the internet: npm is told to trust
 * the CA bundle (the npm registry is reached through this machine's mirror, as the host's
 * /etc/npmrc says), and better-sqlite3's prebuilt binary, which prebuild-install downloads from
 * GitHub (not reachable here), is put in npm's cache (`~/.npm/_prebuilds`), where prebuild-install
 * looks before downloading. It is the host's build of the same version, for the same node ABI and
 * glibc, packed as its GitHub release asset is (`build/Release/better_sqlite3.node`).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { REPO_ROOT } from './deploy-manifests.js';
import { BUSYBOX } from './test-images.js';

const NPM_DIR = process.env.NPM_DIR ?? '/usr/lib/node_modules/npm';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const BUSYBOX_APPLETS = ['sh', 'rm', 'mkdir', 'chown', 'chmod', 'test', 'ls', 'cat', 'env'];

const dockerfile = (labels: Record<string, string>) => `FROM scratch
${Object.entries(labels)
  .map(([k, v]) => `LABEL ${JSON.stringify(k)}=${JSON.stringify(v)}\n`)
  .join('')}COPY rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["node"]
`;

/**
 * The C library as the official images have it (Debian's libc6: librt, libresolv, … which native
 * modules such as rollup's load), and the shared libraries `ldd` names for node.
 */
function glibcLibraries(): string[] {
  const out = execFileSync('dpkg', ['-L', 'libc6'], { encoding: 'utf8' });
  // the libraries themselves (/lib/x86_64-linux-gnu/librt.so.1), not gconv modules or audit tools
  const library = /^\/(usr\/)?lib[^/]*(\/[^/]+-linux-gnu[^/]*)?\/[^/]+\.so(\.[0-9]+)*$/;
  return out.split('\n').filter((p) => library.test(p));
}

/** The shared libraries `ldd` names for a binary, by the absolute path it loads them from. */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const paths = new Set<string>();
  for (const line of out.split('\n')) {
    const m = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (m?.[1]) paths.add(m[1]);
  }
  if (paths.size === 0) throw new Error(`ldd ${binary} named no libraries:\n${out}`);
  return [...paths];
}

/** Where prebuild-install looks for better-sqlite3's release asset in npm's cache, and the asset. */
async function betterSqlitePrebuild(): Promise<{ cachePath: string; binary: string }> {
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  const pkgJson = require.resolve('better-sqlite3/package.json');
  const pkg: unknown = JSON.parse(await readFile(pkgJson, 'utf8'));
  // the prebuild-install that better-sqlite3 runs: its release-asset URL, and its cache file name
  // for that URL (cachedPrebuild in prebuild-install/util.js) under root's npm cache
  const util = createRequire(pkgJson)('prebuild-install/util.js') as {
    getDownloadUrl(opts: object): string;
  };
  const url = util.getDownloadUrl({
    pkg,
    runtime: 'node',
    abi: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
    'tag-prefix': 'v', // prebuild-install's default
  });
  const digest = createHash('sha512').update(url).digest('hex').slice(0, 6);
  return {
    cachePath: `/root/.npm/_prebuilds/${digest}-${basename(url).replace(/[^a-zA-Z0-9.]+/g, '-')}`,
    binary: join(dirname(pkgJson), 'build', 'Release', 'better_sqlite3.node'),
  };
}

async function writeRootfs(rootfs: string): Promise<void> {
  const put = async (path: string, from: string, mode?: number) => {
    await mkdir(join(rootfs, dirname(path)), { recursive: true });
    await copyFile(from, join(rootfs, path));
    if (mode !== undefined) await chmod(join(rootfs, path), mode);
  };
  const link = async (path: string, target: string) => {
    await mkdir(join(rootfs, dirname(path)), { recursive: true });
    await symlink(target, join(rootfs, path));
  };
  const text = async (path: string, content: string) => {
    await mkdir(join(rootfs, dirname(path)), { recursive: true });
    await writeFile(join(rootfs, path), content);
  };

  await put('/usr/local/bin/node', process.execPath, 0o755);
  for (const lib of new Set([...glibcLibraries(), ...sharedLibraries(process.execPath)])) await put(lib, lib);
  await cp(NPM_DIR, join(rootfs, '/usr/local/lib/node_modules/npm'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  await link('/usr/local/bin/npm', '../lib/node_modules/npm/bin/npm-cli.js');
  await link('/usr/local/bin/npx', '../lib/node_modules/npm/bin/npx-cli.js');
  await text('/usr/local/etc/npmrc', `cafile=${CA_BUNDLE}\n`);
  await put(CA_BUNDLE, CA_BUNDLE);
  await put('/bin/busybox', BUSYBOX, 0o755);
  for (const applet of BUSYBOX_APPLETS) await link(`/bin/${applet}`, 'busybox');
  await link('/usr/bin/env', '/bin/busybox');
  await text('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n');
  await text('/etc/group', 'root:x:0:\nnode:x:1000:\n');
  await mkdir(join(rootfs, 'tmp'), { recursive: true });
  await chmod(join(rootfs, 'tmp'), 0o1777);
  await mkdir(join(rootfs, 'home/node'), { recursive: true });

  const prebuild = await betterSqlitePrebuild();
  const pack = await mkdtemp(join(tmpdir(), 'isprebuild-'));
  try {
    await mkdir(join(pack, 'build', 'Release'), { recursive: true });
    await copyFile(prebuild.binary, join(pack, 'build', 'Release', basename(prebuild.binary)));
    await mkdir(join(rootfs, dirname(prebuild.cachePath)), { recursive: true });
    execFileSync('tar', ['-czf', join(rootfs, prebuild.cachePath), '-C', pack, 'build']);
  } finally {
    await rm(pack, { recursive: true, force: true });
  }
}

/**
 * Builds the base image as `tag` on this engine. Its `labels` are inherited by every image built
 * FROM it, the intermediate stages' too, so a test can find and remove them all.
 */
export async function buildNodeBaseImage(
  docker: Docker,
  tag: string,
  labels: Record<string, string> = {},
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'isnode-'));
  try {
    await writeRootfs(join(dir, 'rootfs'));
    await writeFile(join(dir, 'Dockerfile'), dockerfile(labels));
    const build = await docker.buildImage({ context: dir, src: ['Dockerfile', 'rootfs'] }, { t: tag });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(build, (err: Error | null, output: { error?: string }[]) => {
        const failed = output?.find((o) => o.error);
        if (err) reject(err);
        else if (failed) reject(new Error(`building ${tag}: ${failed.error}`));
        else resolve();
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
