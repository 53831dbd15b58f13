/** the part of tar-fs 2 (no published types) that `start-build --from-dir` uses */
// eslint-disable-next-line no-restricted-syntax -- ambient types of an untyped package
declare module 'tar-fs' {
  import type { Readable } from 'node:stream';
  export interface PackOptions {
    ignore?: (name: string) => boolean;
    dereference?: boolean;
  }
  export function pack(dir: string, options?: PackOptions): Readable;
}
