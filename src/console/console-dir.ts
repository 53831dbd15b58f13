/**
 * Where the built console lives: `dist/console` of the package, found from this module whether it
 * runs from the sources (src/console) or from the build (dist/src/console).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** `<package>/dist/console`, or undefined when the package root is not found. */
export function defaultConsoleDir(): string | undefined {
  const root = packageRoot();
  return root ? path.join(root, 'dist', 'console') : undefined;
}
