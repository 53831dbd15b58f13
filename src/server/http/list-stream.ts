/**
 * A LIST answer written as it is read: the envelope up to `"items":[` (or a Table's `"rows":[`),
 * then every page's items, then `]}`, never the whole list as one string. The bytes are those of
 * JSON.stringify on the whole list (the envelope keys keep their order, `items` / `rows` last).
 *
 * The body is a Readable that fastify pipes into the response, so a full socket pauses the
 * reading of further pages (backpressure: `write` returning false stops the pipe until `drain`).
 * The first page is read before any header is sent, so early errors are proper Status answers;
 * an error after the headers (a later page failing: etcd compaction past the list's revision, a
 * store error) destroys the stream, and with it the connection, without the closing `]}`: the
 * client sees a truncated chunked body (an error), never a shorter list that parses.
 */
import { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { KubeObject } from '../../api/object.js';
import type { PagedList, ResourceDef } from '../resources/resource-def.js';
import { DEFAULT_TABLE, buildTable } from '../table/table.js';
import { ResponseKind } from './negotiation.js';
import type { Representation } from './respond.js';

interface Encoding {
  /** the envelope with an empty items array, as JSON */
  empty: string;
  /** every page's items, each as the element JSON (a string, or UTF-8 bytes from a watch cache) */
  elements: AsyncIterable<string[] | Buffer[]>;
}

async function* encodePages(
  pages: AsyncIterable<KubeObject[]>,
  encode: (items: KubeObject[]) => string[],
): AsyncGenerator<string[]> {
  for await (const page of pages) yield encode(page);
}

function objectEncoding(list: PagedList): Encoding {
  return {
    empty: JSON.stringify({ ...list.head, items: [] }),
    // a watch cache's list comes encoded already
    elements: list.encoded ?? encodePages(list.pages, (items) => items.map((item) => JSON.stringify(item))),
  };
}

function tableEncoding(def: ResourceDef, list: PagedList, how: Representation): Encoding {
  const convertor = def.table ?? DEFAULT_TABLE;
  const options = { include: how.include, now: how.now, listMeta: list.head.metadata };
  return {
    empty: JSON.stringify(buildTable(convertor, [], options)),
    elements:
      list.tableRows?.(convertor, options) ??
      encodePages(list.pages, (items) =>
        buildTable(convertor, items, options).rows.map((row) => JSON.stringify(row)),
      ),
  };
}

/** The encoding for the negotiated representation: the list itself, or its Table. */
function encodingOf(def: ResourceDef, list: PagedList, how: Representation): Encoding {
  return how.kind === ResponseKind.Table ? tableEncoding(def, list, how) : objectEncoding(list);
}

/** the size of the parts a cached page is written in: one socket write each */
const PART_BYTES = 64 * 1024;

/** A part of the answer, and what to do once nothing reads it any more (a pooled buffer). */
interface Part {
  chunk: string | Buffer;
  release?: () => void;
}

/** Where a part's buffer comes from: the pool when the writer says when it is done, else fresh. */
interface PartBuffers {
  take(): Buffer;
  /** undefined: the buffers are not reused */
  give?: (bytes: Buffer) => void;
}

/** Fresh buffers, left to the collector (a reader that keeps the chunks, a test). */
const FRESH: PartBuffers = { take: () => Buffer.allocUnsafe(PART_BYTES) };

/** Part buffers the socket has written, for the next part: at most POOL_MAX of them kept. */
const POOL_MAX = 32;
const pool: Buffer[] = [];
const POOLED: PartBuffers = {
  take: () => pool.pop() ?? Buffer.allocUnsafeSlow(PART_BYTES),
  give: (bytes) => {
    if (pool.length < POOL_MAX) pool.push(bytes);
  },
};

/** `element` after `at` in `bytes` (after a comma unless first): where the next one goes. */
function copyInto(bytes: Buffer, at: number, element: Buffer, comma: boolean): number {
  let end = at;
  if (comma) end = bytes.writeUInt8(0x2c, end);
  return end + element.copy(bytes, end);
}

/**
 * A page's elements comma-separated (after a comma unless first), as the parts to write, made as
 * the stream asks for them: strings joined into one; cached encodings copied into buffers of
 * PART_BYTES, one socket write each (an element larger than that goes out as it is: the cache
 * never changes it). Bytes rather than strings: a string cost a UTF-8 decode here, a UTF-8 length
 * scan for its chunk header and an encode in the socket (~30% of a LIST's CPU), where bytes are
 * copied once. The buffers are reused once the socket has written them (see ListBody.pipe): a
 * fresh 64 KiB buffer per part, outside the heap, waited for the collector until the external
 * memory limit set it off (up to 60 MiB of written parts per process at 14 LISTs a second).
 */
function* joined(elements: string[] | Buffer[], first: boolean, buffers: PartBuffers): Generator<Part> {
  if (typeof elements[0] === 'string') {
    yield { chunk: separated(elements as string[], first) };
    return;
  }
  let comma = !first;
  let part: Buffer | undefined;
  let used = 0;
  const full = (bytes: Buffer): Part => {
    const give = buffers.give;
    return { chunk: bytes.subarray(0, used), ...(give ? { release: () => give(bytes) } : {}) };
  };
  for (const element of elements as Buffer[]) {
    const size = element.length + (comma ? 1 : 0);
    if (part && used + size > PART_BYTES) {
      yield full(part);
      part = undefined;
    }
    if (size > PART_BYTES) {
      if (comma) yield { chunk: ',' };
      yield { chunk: element };
    } else {
      if (!part) {
        part = buffers.take();
        used = 0;
      }
      used = copyInto(part, used, element, comma);
    }
    comma = true;
  }
  if (part) yield full(part);
}

/** The elements comma-separated, after a comma unless they are the list's first. */
const separated = (elements: string[], first: boolean): string => (first ? '' : ',') + elements.join(',');

async function* encode(encoding: Encoding, buffers: PartBuffers): AsyncGenerator<Part> {
  const empty = encoding.empty;
  if (!empty.endsWith('[]}')) throw new Error('a list envelope must end with its items');
  yield { chunk: empty.slice(0, -2) };
  let first = true;
  for await (const elements of encoding.elements) {
    if (elements.length === 0) continue;
    // a page is read once its parts before were taken: bounded by the page size
    yield* joined(elements, first, buffers);
    first = false;
  }
  yield { chunk: ']}' };
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** Resolves once `dest` wants more (drain), or can take no more (close, error). */
function drained(dest: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      dest.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    dest.on('drain', done).on('close', done).on('error', done);
  });
}

/**
 * The list as a stream of its parts, one made each time the stream wants more (backpressure): the
 * next page is read only once the parts of the one before were taken. Destroying the stream (the
 * client went away) ends the reading; a failed read destroys it.
 *
 * Piped into an HTTP response (fastify does), it writes the parts itself, each with a write
 * callback: the socket has written a part when it calls back (net.Socket holds a buffer until its
 * write completes; a ServerResponse passes the callback on), so the part's buffer goes back to the
 * pool then and is reused, never while a write may still read it. Read any other way (or piped
 * elsewhere: a PassThrough calls back before its reader has the chunk), every part is fresh.
 */
class ListBody extends Readable {
  private readonly source: Encoding;
  private parts: AsyncGenerator<Part> | undefined;
  private reading = false;

  constructor(source: Encoding) {
    super();
    this.source = source;
  }

  override _read(): void {
    if (this.reading) return;
    this.reading = true;
    this.parts ??= encode(this.source, FRESH);
    this.parts.next().then(
      ({ done, value }) => {
        this.reading = false;
        this.push(done ? null : value.chunk);
      },
      (err: unknown) => this.destroy(asError(err)),
    );
  }

  override pipe<T extends NodeJS.WritableStream>(dest: T, options?: { end?: boolean }): T {
    if (!(dest instanceof ServerResponse) || this.parts) return super.pipe(dest, options);
    const parts = encode(this.source, POOLED);
    this.parts = parts;
    this.pump(dest, parts).then(
      (whole) => {
        if (!whole) return;
        // ended as a read stream ends (fastify's finished(payload) waits for it), then the response
        // (as pipe does: a response finished first would count as the body cut short)
        if (options?.end !== false) this.once('end', () => dest.end());
        this.push(null);
        this.resume();
      },
      (err: unknown) => this.destroy(asError(err)),
    );
    return dest;
  }

  /** Writes every part into `res`; true when all were written, false when the stream was destroyed. */
  private async pump(res: ServerResponse, parts: AsyncGenerator<Part>): Promise<boolean> {
    for (;;) {
      if (this.destroyed || res.destroyed) return false;
      const next = await parts.next();
      if (this.destroyed || res.destroyed) return false;
      if (next.done) break;
      const { chunk, release } = next.value;
      const more = release
        ? res.write(chunk, (err) => {
            if (!err) release();
          })
        : res.write(chunk);
      if (!more) await drained(res);
    }
    return true;
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.parts) return callback(err);
    this.parts.return(undefined).then(
      () => callback(err),
      () => callback(err),
    );
  }
}

/** The response body of a paged list, in the representation negotiated. */
export function listBody(def: ResourceDef, list: PagedList, how: Representation): Readable {
  return new ListBody(encodingOf(def, list, how));
}
