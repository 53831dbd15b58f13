/** Reads the shipped manifests of deploy/kubernetes/ (every YAML document, in file order). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MANIFEST_DIR = path.join(REPO_ROOT, 'deploy', 'kubernetes');

export interface ManifestObject {
  file: string;
  object: Record<string, unknown>;
}

/** Parses strictly: a YAML error or warning in any document throws, naming the file. */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  return parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true }).map((doc) => {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`${file}: ${problems.map((p) => p.message).join('; ')}`);
    return doc.toJS() as unknown;
  });
}

export function loadManifests(dir = MANIFEST_DIR): ManifestObject[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  return files.flatMap((file) =>
    parseYamlDocuments(readFileSync(path.join(dir, file), 'utf8'), file)
      .filter((o) => o !== null)
      .map((object) => ({ file, object: object as Record<string, unknown> })),
  );
}

export function findObject(objects: ManifestObject[], kind: string, name?: string): Record<string, unknown> {
  const found = objects.find(
    (o) =>
      o.object.kind === kind &&
      (name === undefined || (o.object.metadata as { name?: string }).name === name),
  );
  if (!found) throw new Error(`no ${kind}${name ? ` ${name}` : ''} in the manifests`);
  return found.object;
}
