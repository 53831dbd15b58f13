/** the part of tar-stream 2 (no published types) that binary sources use */
// eslint-disable-next-line no-restricted-syntax -- ambient types of an untyped package
declare module 'tar-stream' {
  import type { Readable, Writable } from 'node:stream';
  export interface Headers {
    name: string;
    size?: number;
    mode?: number;
    uid?: number;
    gid?: number;
    type?: string;
    linkname?: string | null;
    mtime?: Date;
  }
  export interface Extract extends Writable {
    on(event: 'entry', cb: (header: Headers, stream: Readable, next: (err?: Error) => void) => void): this;
    on(event: 'finish', cb: () => void): this;
    on(event: 'error', cb: (err: Error) => void): this;
  }
  export function extract(): Extract;
  export interface Pack extends Readable {
    entry(header: Headers, data?: string | Buffer, cb?: (err?: Error) => void): Writable;
    finalize(): void;
  }
  export function pack(): Pack;
}
