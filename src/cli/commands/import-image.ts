/**
 * `isctl import-image NAME[:TAG]`: posts an ImageStreamImport and prints the result as
 * `oc import-image` does (import-image-report.ts).
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { ImageStreamSchema } from '../../api/schema/image-stream.js';
import type { ImageStream, ImageStreamImport } from '../../api/types.js';
import {
  planImageImport,
  ImportRequestError,
  splitNameTag,
  type ImportImageFlags,
} from '../../importer/import-request.js';
import type { ImageStreamImportObject } from '../../importer/import-types.js';
import { ClientStatusError, resourcePath } from '../api-client.js';
import { RESOURCES } from '../resources.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { CliError } from '../errors.js';
import { decodeImportAnswer, importImageReport } from '../import-image-report.js';
import type { ConnectionFlags } from '../kubeconfig.js';

type Flags = ImportImageFlags & ConnectionFlags;

/** The stream as the server has it, read through the API's schema (undefined: none yet). */
async function currentStream(s: Session, name: string): Promise<ImageStream | undefined> {
  let object: KubeObject;
  try {
    object = await s.client.get(RESOURCES.imagestreams, name, s.namespace);
  } catch (err) {
    if (err instanceof ClientStatusError && err.code === 404) return undefined;
    throw err;
  }
  return ImageStreamSchema.parse(object);
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

function printResult(name: string, result: ImageStreamImport, flags: Flags): void {
  const report = importImageReport(name, result, { dryRun: flags.dryRun === true, now: new Date() });
  process.stderr.write(report.errors);
  process.stdout.write(report.stdout);
  process.stderr.write(report.closing);
  if (report.failed) process.exitCode = 1;
}

async function importImage(target: string, flags: Flags): Promise<void> {
  const { name } = splitNameTag(target);
  await withSession(flags, async (s) => {
    const stream = await currentStream(s, name);
    let isi: ImageStreamImportObject;
    try {
      isi = planImageImport(target, stream, flags);
    } catch (err) {
      if (err instanceof ImportRequestError) throw new CliError(err.message);
      throw err;
    }
    const stop = flags.all ? startProgress(isi.spec.repository?.from.name ?? name) : () => undefined;
    let result: ImageStreamImport;
    try {
      const answer = await s.client.request('POST', resourcePath(RESOURCES.imagestreamimports, s.namespace), {
        body: isi,
      });
      result = decodeImportAnswer(answer);
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
