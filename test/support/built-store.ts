/**
 * The compiled SQLite store for tests that run it in a child process (plain Node, no TypeScript
 * loader): dist/ when `npm run build` output is newer than the sources it needs, otherwise a
 * private build of just the store under node_modules/.cache (so a half-edited file elsewhere in
 * the project cannot break it).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ENTRY = 'src/store/sqlite/sqlite-store';
const SOURCE_DIRS = ['src/store', 'src/api', 'src/observability'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(builtFile: string): boolean {
  if (!existsSync(builtFile)) return false;
  const built = statSync(builtFile).mtimeMs;
  return SOURCE_DIRS.every((d) => newestSource(join(ROOT, d)) <= built);
}

/** The path of a compiled sqlite-store.js that reflects the current sources. */
export async function builtSqliteStore(): Promise<string> {
  const dist = join(ROOT, 'dist', `${ENTRY}.js`);
  if (isFresh(dist)) return dist;
  const out = join(ROOT, 'node_modules', '.cache', 'imagestreams-store-test');
  const built = join(out, `${ENTRY}.js`);
  if (isFresh(built)) return built;
  await mkdir(out, { recursive: true });
  const tsconfig = join(out, 'tsconfig.json');
  await writeFile(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: { rootDir: ROOT, outDir: out, noEmit: false, declaration: false, sourceMap: false },
      files: [join(ROOT, `${ENTRY}.ts`)],
      include: [],
    }),
  );
  await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig], { timeout: 120_000 }).catch(
    (e: unknown) => {
      // type errors still emit JavaScript; only a missing output is fatal
      if (!existsSync(built))
        throw new Error('could not compile the SQLite store for the child process', { cause: e });
    },
  );
  return built;
}
