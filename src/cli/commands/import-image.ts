/**
 * `isctl import-image NAME[:TAG]`: posts an ImageStreamImport and prints the result as
 * `oc import-image` does: errors per tag, "imagestream.image.openshift.io/NAME imported", then a
 * description of the imported image (one tag) or of the stream (`--all`).
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import {
  planImageImport,
  ImportRequestError,
  splitNameTag,
  type ImportImageFlags,
  type StreamForImport,
} from '../../importer/import-request.js';
import type {
  ImageImportStatus,
  ImageStreamImportObject,
  ImageStreamImportStatus,
} from '../../importer/import-types.js';
import { ClientStatusError, resourcePath } from '../api-client.js';
import { RESOURCES } from '../resources.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { describeImageStream } from '../describe/describe-image-stream.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { ago } from '../output/duration.js';
import { OC_DESCRIBE, tabwrite } from '../output/tabwriter.js';
import { imageStreamViewSchema } from '../schema.js';

type Flags = ImportImageFlags & ConnectionFlags;

async function currentStream(s: Session, name: string): Promise<KubeObject | undefined> {
  try {
    return await s.client.get(RESOURCES.imagestreams, name, s.namespace);
  } catch (err) {
    if (err instanceof ClientStatusError && err.code === 404) return undefined;
    throw err;
  }
}

function failures(status: ImageStreamImportStatus): { tag: string; message: string }[] {
  const all: ImageImportStatus[] = [...(status.images ?? []), ...(status.repository?.images ?? [])];
  const out = all
    .filter((i) => i.status.status !== 'Success')
    .map((i) => ({ tag: i.tag ?? '', message: i.status.message }));
  const repo = status.repository?.status;
  if (repo && repo.status !== 'Success' && (status.repository?.images.length ?? 0) === 0) {
    out.push({ tag: '', message: repo.message });
  }
  return out;
}

function field(label: string, value: string | undefined): string {
  return `${label}:\t${value === undefined || value === '' ? '<none>' : value}\n`;
}

function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${v}B` : `${v.toFixed(v < 10 ? 3 : v < 100 ? 2 : 1).replace(/\.?0+$/, '')}${units[u]}`;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

function describeConfig(meta: Record<string, unknown>, now: Date): string {
  const config = record(meta.Config);
  const labels = Object.entries(record(config.Labels)).map(([k, v]) => `${k}=${String(v)}`);
  return (
    field('Image Created', ago(text(meta.Created), now)) +
    field('Author', text(meta.Author)) +
    field('Arch', text(meta.Architecture)) +
    field('Entrypoint', list(config.Entrypoint).join(' ')) +
    field('Command', list(config.Cmd).join(' ')) +
    field('Working Dir', text(config.WorkingDir)) +
    field('User', text(config.User)) +
    field('Exposes Ports', Object.keys(record(config.ExposedPorts)).join(', ')) +
    `Docker Labels:\t${labels.join('\n\t') || '<none>'}\n` +
    `Environment:\t${list(config.Env).join('\n\t') || '<none>'}\n`
  );
}

/** `oc describe image`, the part `oc import-image` prints for one tag. */
export function describeImportedImage(image: KubeObject, istag: string, now: Date): string {
  const meta = record(image.dockerImageMetadata);
  const layers = (image.dockerImageLayers ?? []) as { name: string; size: number }[];
  const manifests = (image.dockerImageManifests ?? []) as {
    digest: string;
    os: string;
    architecture: string;
  }[];
  let out = field('Name', image.metadata.name) + field('Image Name', istag);
  out += field('Docker Image', text(image.dockerImageReference));
  out += field('Media Type', text(image.dockerImageManifestMediaType));
  if (manifests.length > 0) {
    out += `Manifests:\t${manifests.map((m) => `${m.os}/${m.architecture}\t${m.digest}`).join('\n\t')}\n`;
    return tabwrite(out, OC_DESCRIBE);
  }
  out += field('Image Size', `${bytes(Number(meta.Size ?? 0))} in ${layers.length} layers`);
  out += `Layers:\t${layers.map((l) => `${bytes(l.size)}\t${l.name}`).join('\n\t') || '<none>'}\n`;
  return tabwrite(out + describeConfig(meta, now), OC_DESCRIBE);
}

/** An indeterminate progress line on a terminal while the server imports a whole repository. */
function startProgress(what: string): () => void {
  if (!process.stderr.isTTY) return () => undefined;
  const frames = ['|', '/', '-', '\\'];
  const start = Date.now();
  let i = 0;
  const timer = setInterval(() => {
    const secs = Math.round((Date.now() - start) / 1000);
    process.stderr.write(`\r${frames[i++ % frames.length]} importing ${what} ... ${secs}s`);
  }, 250);
  return () => {
    clearInterval(timer);
    process.stderr.write('\r\x1b[K');
  };
}

function printDescription(name: string, result: ImageStreamImportObject): void {
  const status = result.status ?? {};
  const now = new Date();
  const single = status.images?.length === 1 && !status.repository ? status.images[0] : undefined;
  if (single?.image) {
    const tag = result.spec.images?.[0]?.to?.name ?? single.tag ?? 'latest';
    process.stdout.write(describeImportedImage(single.image as unknown as KubeObject, `${name}:${tag}`, now));
  } else if (status.import) {
    process.stdout.write(describeImageStream(imageStreamViewSchema.parse(status.import), now));
  }
}

function printResult(name: string, result: ImageStreamImportObject, flags: Flags): void {
  const failed = failures(result.status ?? {});
  for (const f of failed)
    process.stderr.write(`error: ${f.tag ? `tag ${f.tag} failed: ` : ''}${f.message}\n`);
  const suffix = flags.dryRun ? ' (dry run)' : failed.length > 0 ? ' with errors' : '';
  process.stdout.write(`imagestream.image.openshift.io/${name} imported${suffix}\n\n`);
  printDescription(name, result);
  if (failed.length > 0) process.exitCode = 1;
}

async function importImage(target: string, flags: Flags): Promise<void> {
  const { name } = splitNameTag(target);
  await withSession(flags, async (s) => {
    const stream = await currentStream(s, name);
    let isi: ImageStreamImportObject;
    try {
      isi = planImageImport(target, stream as unknown as StreamForImport | undefined, flags);
    } catch (err) {
      if (err instanceof ImportRequestError) throw new CliError(err.message);
      throw err;
    }
    const stop = flags.all ? startProgress(isi.spec.repository?.from.name ?? name) : () => undefined;
    let result: ImageStreamImportObject;
    try {
      result = (await s.client.request('POST', resourcePath(RESOURCES.imagestreamimports, s.namespace), {
        body: isi,
      })) as ImageStreamImportObject;
    } finally {
      stop();
    }
    printResult(name, result, flags);
  });
}

export function registerImportImage(program: Command): void {
  const cmd = program
    .command('import-image')
    .description('Import the current image of a tag (or all tags of a repository) from a container registry')
    .argument('<name>', 'IMAGESTREAM[:TAG]')
    .option('--from <ref>', 'the container image to import, e.g. registry.example.com/team/app:1.0')
    .option('--all', 'import every tag of the repository (up to the server limit)')
    .option('--confirm', 'create the image stream, or change the source of a tag, if needed')
    .option('--scheduled', 'keep importing the tag periodically')
    .option('--insecure', 'allow plain HTTP or TLS without verification for this registry')
    .option('--reference-policy <policy>', 'source or local', undefined)
    .option('--import-mode <mode>', 'Legacy (one platform) or PreserveOriginal (the whole manifest list)')
    .option('--dry-run', 'show what would be imported without changing anything');
  addClientOptions(cmd).action((target: string, flags: Flags) => importImage(target, flags));
}
