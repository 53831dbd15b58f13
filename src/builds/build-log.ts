/**
 * A build's log, kept in the store (one `BuildLog` object per build) so that any replica can read
 * it and it survives restarts. Writes are batched (a flush at most every FLUSH_MS) and the text
 * is bounded: past MAX_LOG_BYTES the oldest output is dropped. Every known secret is masked
 * before anything is stored. Each line is stored with the time it was written (log-lines.ts).
 */
import { z } from 'zod';
import { isStatusError } from '../api/status-error.js';
import { BUILD_LOGS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { fieldPath } from '../api/field-errors.js';
import { plainText, stampChunk } from './log-lines.js';

const BUILD_LOG_KIND = 'BuildLog';
const MAX_LOG_BYTES = 1 << 20;
const FLUSH_MS = 200;
const MASK = '*****';

export interface BuildLogObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  /** the stored text: with `timed`, every line prefixed with its time */
  log: string;
  /** output was dropped from the start to stay under MAX_LOG_BYTES */
  truncated?: boolean;
  /** characters dropped from the start so far: where `log` starts in the whole output */
  offset?: number;
  /** every line starts with its time (log-lines.ts) */
  timed?: boolean;
  [field: string]: unknown;
}

/** `text` with every secret (and its base64 form, as in basic auth) masked */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    out = out.split(s).join(MASK);
    const b64 = Buffer.from(s).toString('base64');
    out = out.split(b64).join(MASK);
  }
  return out;
}

export interface BuildLogWriter {
  write(text: string): void;
  /** writes what is buffered now */
  flush(): Promise<void>;
}

/**
 * A stored log is read back checked (a damaged one, or one an older version or `isctl migrate`
 * wrote, is an error naming the field rather than a crash): what a reader relies on, the rest kept.
 */
const StoredLogSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
    resourceVersion: z.string().optional(),
  }),
  log: z.string(),
  truncated: z.boolean().optional(),
  offset: z.number().int().nonnegative().optional(),
  timed: z.boolean().optional(),
});

/** the stored object, its lines with their times; one that is not a build log is an error naming the field */
export async function readStoredLog(
  store: Store,
  namespace: string,
  build: string,
): Promise<BuildLogObject | undefined> {
  const o = await store.get(BUILD_LOGS, namespace, build);
  if (!o) return undefined;
  const parsed = StoredLogSchema.safeParse(o);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(
    `the stored log of build ${namespace}/${build} is damaged: ${fieldPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`,
  );
}

/** the log as a client reads it: `log` without the times */
export async function readBuildLog(
  store: Store,
  namespace: string,
  build: string,
): Promise<BuildLogObject | undefined> {
  const o = await readStoredLog(store, namespace, build);
  return o && { ...o, log: plainText(o.log, o.timed === true) };
}

function bounded(text: string): { log: string; truncated: boolean } {
  if (Buffer.byteLength(text) <= MAX_LOG_BYTES) return { log: text, truncated: false };
  const tail = Buffer.from(text).subarray(-MAX_LOG_BYTES).toString('utf8');
  return { log: tail.slice(tail.indexOf('\n') + 1), truncated: true };
}

interface Snapshot {
  log: string;
  truncated: boolean;
  offset: number;
}

async function store(s: Store, namespace: string, build: string, snap: Snapshot): Promise<void> {
  const object: BuildLogObject = {
    apiVersion: 'imagestreams.io/v1',
    kind: BUILD_LOG_KIND,
    metadata: { name: build, namespace },
    log: snap.log,
    timed: true,
    ...(snap.truncated ? { truncated: true, offset: snap.offset } : {}),
  };
  const current = await s.get(BUILD_LOGS, namespace, build);
  if (!current) {
    try {
      await s.create(BUILD_LOGS, object);
      return;
    } catch (e) {
      if (!isStatusError(e) || e.code !== 409) throw e;
    }
  }
  const fresh = await s.get(BUILD_LOGS, namespace, build);
  await s.update(BUILD_LOGS, {
    ...object,
    metadata: { ...object.metadata, resourceVersion: fresh?.metadata.resourceVersion },
  });
}

export function buildLogWriter(
  s: Store,
  namespace: string,
  build: string,
  secrets: readonly string[],
  now: () => Date = () => new Date(),
): BuildLogWriter {
  let text = '';
  let truncated = false;
  let offset = 0;
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    const cut = bounded(text);
    if (cut.truncated) {
      offset += text.length - cut.log.length;
      truncated = true;
      text = cut.log;
    }
    const snap = { log: text, truncated, offset };
    writing = writing.then(() => store(s, namespace, build, snap));
    return writing;
  };
  return {
    write(chunk) {
      text += stampChunk(redact(chunk, secrets), text === '' || text.endsWith('\n'), now());
      dirty = true;
      timer ??= setTimeout(() => void flush().catch(() => undefined), FLUSH_MS);
    },
    flush,
  };
}
