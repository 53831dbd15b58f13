/**
 * Dockerfile edits OpenShift's docker builder makes before building (pure): the last `FROM`
 * replaced by the strategy's image (pinned by digest), and the strategy's `env` as `ENV` lines
 * right after it.
 */
import type { EnvVar } from '../schema.js';

const FROM = /^(\s*FROM\s+)((?:--\S+\s+)*)(\S+)(.*)$/i;

/** indices of lines that start an instruction (continuation lines ending in `\` joined) */
function instructionStarts(lines: string[]): number[] {
  const starts: number[] = [];
  let continued = false;
  lines.forEach((line, i) => {
    const t = line.trim();
    // blank lines and comments neither start an instruction nor end a continued one
    if (t === '' || t.startsWith('#')) return;
    if (!continued) starts.push(i);
    continued = t.endsWith('\\');
  });
  return starts;
}

function lastFromIndex(lines: string[]): number | undefined {
  const froms = instructionStarts(lines).filter((i) => FROM.test(lines[i] ?? ''));
  return froms[froms.length - 1];
}

/** the image of the last `FROM` (keeping `--platform` and `AS name`) replaced by `image` */
export function replaceLastFrom(dockerfile: string, image: string): string {
  const lines = dockerfile.split('\n');
  const at = lastFromIndex(lines);
  if (at === undefined) return dockerfile;
  lines[at] = lines[at]!.replace(FROM, (_m, head: string, flags: string, _image: string, rest: string) =>
    [head, flags, image, rest].join(''),
  );
  return lines.join('\n');
}

/** `ENV` lines for `env` inserted right after the last `FROM` */
export function insertEnv(dockerfile: string, env: readonly EnvVar[]): string {
  if (env.length === 0) return dockerfile;
  const lines = dockerfile.split('\n');
  const at = lastFromIndex(lines);
  if (at === undefined) return dockerfile;
  const line = `ENV ${env.map((e) => `${e.name}=${JSON.stringify(e.value ?? '')}`).join(' ')}`;
  lines.splice(at + 1, 0, line);
  return lines.join('\n');
}
