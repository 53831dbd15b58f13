/**
 * `isctl tag SOURCE DEST...` / `isctl tag -d DEST...`, as `oc tag`: an image stream tag source is
 * resolved here to the digest it points at now and copied (unless `--alias`), and each
 * destination's spec tag is written with GET + PUT, retried on a write conflict; a missing
 * destination stream is created.
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import {
  buildSpecTag,
  checkTagFlags,
  parseTagDestination,
  parseTagSource,
  SourceKind,
  tagMessage,
  TagPlanError,
  type SpecTagShape,
  type TagDestination,
  type TagFlags,
  type TagSource,
} from '../../importer/tag-plan.js';
import { ClientStatusError } from '../api-client.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { RESOURCES } from '../resources.js';

type Flags = TagFlags & ConnectionFlags & { delete?: boolean };

const MAX_CONFLICT_RETRIES = 5;

function isStatus(err: unknown, code: number): err is ClientStatusError {
  return err instanceof ClientStatusError && err.code === code;
}

/** The image an istag points at now, as an `isimage` source: what `oc tag` copies. */
async function resolveIstag(s: Session, source: TagSource): Promise<TagSource> {
  const ns = source.namespace ?? s.namespace;
  let istag: KubeObject;
  try {
    istag = await s.client.get(RESOURCES.imagestreamtags, source.name, ns);
  } catch (err) {
    if (isStatus(err, 404)) {
      throw new CliError(
        `"${source.name}" is not currently pointing to an image, cannot use it as the source of a tag`,
      );
    }
    throw err;
  }
  const digest = (istag.image as { metadata?: { name?: string } } | undefined)?.metadata?.name;
  if (!digest)
    throw new CliError(
      `"${source.name}" is not currently pointing to an image, cannot use it as the source of a tag`,
    );
  const resolved: TagSource = {
    kind: SourceKind.ImageStreamImage,
    name: `${source.stream}@${digest}`,
    digest,
  };
  if (source.stream) resolved.stream = source.stream;
  if (source.namespace) resolved.namespace = source.namespace;
  return resolved;
}

function newStream(dest: TagDestination, tag: SpecTagShape): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: dest.stream, namespace: dest.namespace },
    spec: { lookupPolicy: { local: false }, tags: [tag] },
  };
}

function withTag(stream: KubeObject, tag: SpecTagShape): KubeObject {
  const spec = (stream.spec ?? {}) as { tags?: SpecTagShape[] | null };
  const tags = (spec.tags ?? []).filter((t) => t.name !== tag.name);
  return { ...stream, spec: { ...spec, tags: [...tags, tag] } };
}

/** One destination: read, set the spec tag, write; a conflict re-reads and tries again. */
async function writeTag(
  s: Session,
  source: TagSource,
  dest: TagDestination,
  flags: Flags,
  sourceNs: string,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let stream: KubeObject | undefined;
    try {
      stream = await s.client.get(RESOURCES.imagestreams, dest.stream, dest.namespace);
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
    const existing = ((stream?.spec as { tags?: SpecTagShape[] } | undefined)?.tags ?? []).find(
      (t) => t.name === dest.tag,
    );
    const tag = buildSpecTag(source, dest, flags, existing, sourceNs);
    try {
      if (!stream) await s.client.create(RESOURCES.imagestreams, newStream(dest, tag), dest.namespace);
      else await s.client.update(RESOURCES.imagestreams, dest.stream, withTag(stream, tag), dest.namespace);
      return;
    } catch (err) {
      // 409 covers both a stale resourceVersion and a stream created by someone else meanwhile
      const retry = isStatus(err, 409) && attempt < MAX_CONFLICT_RETRIES;
      if (!retry) throw err;
    }
  }
}

async function deleteTags(s: Session, args: string[]): Promise<void> {
  for (const arg of args) {
    const dest = parseTagDestination(arg, s.namespace);
    await s.client.delete(RESOURCES.imagestreamtags, `${dest.stream}:${dest.tag}`, dest.namespace);
    process.stdout.write(`Deleted tag ${dest.namespace}/${dest.stream}:${dest.tag}.\n`);
  }
}

async function tag(args: string[], flags: Flags): Promise<void> {
  await withSession(flags, async (s) => {
    try {
      if (flags.delete) return await deleteTags(s, args);
      const [sourceArg, ...destArgs] = args;
      if (!sourceArg || destArgs.length === 0)
        throw new CliError('you must specify a source and at least one destination');
      let source = parseTagSource(sourceArg, flags.source);
      const dests = destArgs.map((d) => parseTagDestination(d, s.namespace));
      const sourceNs = source.namespace ?? s.namespace;
      checkTagFlags(source, dests, flags, sourceNs);
      if (source.kind === SourceKind.ImageStreamTag && !flags.alias) source = await resolveIstag(s, source);
      for (const dest of dests) {
        await writeTag(s, source, dest, flags, sourceNs);
        process.stdout.write(tagMessage(source, dest, flags, s.namespace) + '\n');
      }
    } catch (err) {
      if (err instanceof TagPlanError) throw new CliError(err.message);
      throw err;
    }
  });
}

export function registerTag(program: Command): void {
  const cmd = program
    .command('tag')
    .description('Tag existing images into image streams (as oc tag)')
    .argument('<args...>', 'SOURCE DEST [DEST...], or with -d: DEST [DEST...]')
    .option('--source <kind>', 'the kind of the source: docker, istag or isimage (inferred when omitted)')
    .option('--alias', 'make the destination track the source tag (same image stream only)')
    .option('--scheduled', 'import the container image periodically (docker sources)')
    .option('--insecure', 'allow plain HTTP or TLS without verification (docker sources)')
    .option('--reference', 'only reference the image: never import it')
    .option('--reference-policy <policy>', 'source or local')
    .option('--import-mode <mode>', 'Legacy or PreserveOriginal')
    .option(
      '--semver <range>',
      'follow the highest tag of the repository in this semver range (docker sources)',
    )
    .option('--tag-pattern <re2>', 'follow the highest tag matching this RE2 pattern (with --tag-order)')
    .option('--tag-order <order>', 'numerical, alphabetical or semver: orders the tags --tag-pattern matches')
    .option('--min-age <duration>', 'a new digest moves the tag only after this long (Go duration, e.g. 24h)')
    .option('-d, --delete', 'delete the given tags');
  addClientOptions(cmd).action((args: string[], flags: Flags) => tag(args, flags));
}
