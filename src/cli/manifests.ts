/**
 * Reading `-f` inputs as kubectl does: files, directories (their .yaml/.yml/.json files, sorted),
 * or `-` for stdin; each a stream of YAML documents (JSON is YAML); `kind: List` (and any
 * `…List` with items) flattened into its items; empty documents skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import type { KubeObject } from '../api/object.js';
import { CliError } from './errors.js';

export interface Manifest {
  object: KubeObject;
  /** where it came from, for messages: the file name or "STDIN" */
  source: string;
}

const manifestSchema = z
  .object({
    apiVersion: z.string({ error: 'apiVersion not set' }).min(1, 'apiVersion not set'),
    kind: z.string({ error: 'kind not set' }).min(1, 'kind not set'),
    metadata: z
      .object({ name: z.string().optional(), generateName: z.string().optional() })
      .loose()
      .refine((m) => m.name || m.generateName, 'metadata.name not set'),
  })
  .loose();

function isList(doc: unknown): doc is { kind: string; items: unknown[] } {
  const d = doc as { kind?: unknown; items?: unknown };
  return typeof d.kind === 'string' && d.kind.endsWith('List') && Array.isArray(d.items);
}

function toManifest(doc: unknown, source: string): Manifest[] {
  if (doc === null || doc === undefined) return [];
  if (isList(doc)) return doc.items.flatMap((item) => toManifest(item, source));
  const parsed = manifestSchema.safeParse(doc);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => i.message).join(', ');
    throw new CliError(`error validating "${source}": error validating data: ${why}`);
  }
  // checked above: apiVersion, kind, and a name or generateName (the server then sets the name)
  return [{ object: parsed.data as KubeObject, source }];
}

/** Every object in one YAML/JSON text. */
export function splitManifests(text: string, source: string): Manifest[] {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  return list.flatMap((doc) => {
    const err = doc.errors[0];
    if (err) throw new CliError(`error parsing ${source}: ${err.message}`);
    return toManifest(doc.toJS() as unknown, source);
  });
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function filesOf(target: string, recursive: boolean): string[] {
  let stat;
  try {
    stat = statSync(target);
  } catch (err) {
    throw new CliError(`the path "${target}" does not exist`, { cause: err });
  }
  if (!stat.isDirectory()) return [target];
  return readdirSync(target, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      const p = path.join(target, e.name);
      if (e.isDirectory()) return recursive ? filesOf(p, true) : [];
      return MANIFEST_FILE.test(e.name) ? [p] : [];
    });
}

export interface ReadOptions {
  recursive?: boolean;
  /** for the message when nothing was found: "no objects passed to apply" */
  verb?: string;
  readStdin(): Promise<string>;
}

/** All manifests named by `-f` values, in order. */
export async function readManifests(targets: readonly string[], o: ReadOptions): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const target of targets) {
    if (target === '-') {
      out.push(...splitManifests(await o.readStdin(), 'STDIN'));
      continue;
    }
    for (const file of filesOf(target, o.recursive ?? false)) {
      out.push(...splitManifests(readFileSync(file, 'utf8'), file));
    }
  }
  if (out.length === 0) throw new CliError(`no objects passed to ${o.verb ?? 'apply'}`);
  return out;
}
