/**
 * A build's log, kept in the store (one `BuildLog` object per build) so that any replica can read
 * it and it survives restarts. Writes are batched (a flush at most every FLUSH_MS) and the text
 * is bounded: past MAX_LOG_BYTES the oldest output is dropped. Every known secret is masked
 * before anything is stored.
 */
import { isStatusError } from '../api/status-error.js';
import { BUILD_LOGS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';

export const BUILD_LOG_KIND = 'BuildLog';
export const MAX_LOG_BYTES = 1 << 20;
const FLUSH_MS = 200;
const MASK = '*****';

export interface BuildLogObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  log: string;
  /** output was dropped from the start to stay under MAX_LOG_BYTES */
  truncated?: boolean;
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

export function readBuildLog(
  store: Store,
  namespace: string,
  build: string,
): Promise<BuildLogObject | undefined> {
  return store.get(BUILD_LOGS, namespace, build) as Promise<BuildLogObject | undefined>;
}

function bounded(text: string): { log: string; truncated: boolean } {
  if (Buffer.byteLength(text) <= MAX_LOG_BYTES) return { log: text, truncated: false };
  const tail = Buffer.from(text).subarray(-MAX_LOG_BYTES).toString('utf8');
  return { log: tail.slice(tail.indexOf('\n') + 1), truncated: true };
}

async function store(
  s: Store,
  namespace: string,
  build: string,
  text: string,
  truncated: boolean,
): Promise<boolean> {
  const { log, truncated: cut } = bounded(text);
  const object: BuildLogObject = {
    apiVersion: 'imagestreams.io/v1',
    kind: BUILD_LOG_KIND,
    metadata: { name: build, namespace },
    log,
    ...(truncated || cut ? { truncated: true } : {}),
  };
  const current = await s.get(BUILD_LOGS, namespace, build);
  if (!current) {
    try {
      await s.create(BUILD_LOGS, object);
      return cut;
    } catch (e) {
      if (!isStatusError(e) || e.code !== 409) throw e;
    }
  }
  const fresh = await s.get(BUILD_LOGS, namespace, build);
  await s.update(BUILD_LOGS, {
    ...object,
    metadata: { ...object.metadata, resourceVersion: fresh?.metadata.resourceVersion },
  });
  return cut;
}

export function buildLogWriter(
  s: Store,
  namespace: string,
  build: string,
  secrets: readonly string[],
): BuildLogWriter {
  let text = '';
  let truncated = false;
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    const snapshot = text;
    writing = writing.then(async () => {
      if (await store(s, namespace, build, snapshot, truncated)) {
        truncated = true;
        text = bounded(text).log;
      }
    });
    return writing;
  };
  return {
    write(chunk) {
      text += redact(chunk, secrets);
      dirty = true;
      timer ??= setTimeout(() => void flush().catch(() => undefined), FLUSH_MS);
    },
    flush,
  };
}
