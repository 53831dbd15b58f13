/**
 * Calls `changed` once the files' directories have been quiet for a moment after a change. The
 * directories are watched, not the files: Kubernetes swaps a mounted Secret's or ConfigMap's files
 * through a symlink, which changes no watched file.
 */
import { watch } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../observability/logger.js';

/** how long a directory stays quiet before its change counts (a swap writes several entries) */
const SETTLE_MS = 200;

export interface FileChangeWatch {
  stop(): void;
}

export function watchFileChanges(
  files: readonly string[],
  changed: () => void,
  log: Logger,
  what: string,
): FileChangeWatch {
  let timer: NodeJS.Timeout | undefined;
  const settle = (): void => {
    clearTimeout(timer);
    timer = setTimeout(changed, SETTLE_MS);
  };
  const watchers = [...new Set(files.map((f) => path.dirname(f)))].map((dir) => watch(dir, settle));
  for (const w of watchers) w.on('error', (err) => log.warn({ err }, `watching ${what} failed`));
  return {
    stop() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
