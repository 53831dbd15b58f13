/**
 * The shape both per-namespace signature files share (`--cosign-keys-file`,
 * `--sigstore-identities-file`): a YAML (or JSON) mapping of namespace name, or `*` for every
 * namespace without its own entry, to an entry checked by a zod schema. Read once at start: a bad
 * file stops the server with an error naming the file, the entry and the field.
 */
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

export const ALL_NAMESPACES = '*';

const NAMESPACE = /^(?:\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/**
 * The file's entries, each namespace name checked. `expected` says what an entry looks like (for
 * the message when the file does not fit `entry`). Throws an Error naming the problem.
 */
export function readNamespaceFile<T extends z.ZodType>(
  text: string,
  file: string,
  schema: z.ZodRecord<z.ZodString, T>,
  expected: string,
): [string, z.infer<T>][] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    throw new Error(`${file}: not YAML or JSON`);
  }
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) throw new Error(`${file}: ${firstIssue(parsed.error)} (expected ${expected})`);
  const entries = Object.entries(parsed.data as Record<string, z.infer<T>>);
  for (const [namespace] of entries)
    if (!NAMESPACE.test(namespace))
      throw new Error(`${file}: "${namespace.slice(0, 63)}" is not a namespace name or *`);
  return entries;
}
