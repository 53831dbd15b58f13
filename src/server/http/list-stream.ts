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

/**
 * A page's elements comma-separated (after a comma unless first), as the parts to write, made as
 * the stream asks for them: strings joined into one; cached encodings decoded and joined into
 * strings of about PART_BYTES. Strings rather than buffers: a string the socket has written is
 * garbage of the young generation, freed by the next scavenge, where a 64 KiB Buffer (outside the
 * heap) waited for the collector until the external memory limit set it off: up to 60 MiB of
 * written parts per process at 14 LISTs a second. One part at a time: a part waiting for the
 * socket survives scavenges and is promoted, so as few wait as the stream's buffer allows. (One
 * buffer per page was a fresh 1 MiB+ allocation; one part per element, a socket write each.)
 */
function* joined(elements: string[] | Buffer[], first: boolean): Generator<string> {
  if (typeof elements[0] === 'string') {
    yield separated(elements as string[], first);
    return;
  }
  let firstPart = first;
  let group: string[] = [];
  let bytes = 0;
  for (const element of elements as Buffer[]) {
    group.push(element.toString());
    bytes += element.length + 1;
    if (bytes >= PART_BYTES) {
      yield separated(group, firstPart);
      firstPart = false;
      group = [];
      bytes = 0;
    }
  }
  if (group.length > 0) yield separated(group, firstPart);
}

/** The elements comma-separated, after a comma unless they are the list's first. */
const separated = (elements: string[], first: boolean): string => (first ? '' : ',') + elements.join(',');

async function* encode(encoding: Encoding): AsyncGenerator<string> {
  const empty = encoding.empty;
  if (!empty.endsWith('[]}')) throw new Error('a list envelope must end with its items');
  yield empty.slice(0, -2);
  let first = true;
  for await (const elements of encoding.elements) {
    if (elements.length === 0) continue;
    // a page is read once its parts before were taken: bounded by the page size
    yield* joined(elements, first);
    first = false;
  }
  yield ']}';
}

/**
 * The list as a stream of its parts, one made each time the stream wants more (backpressure): the
 * next page is read only once the parts of the one before were taken. Destroying the stream (the
 * client went away) ends the reading; a failed read destroys it.
 */
function partsStream(parts: AsyncGenerator<string>): Readable {
  let reading = false;
  return new Readable({
    // parts stay strings up to the socket (a byte stream would copy each into a Buffer)
    encoding: 'utf8',
    read() {
      if (reading) return;
      reading = true;
      parts.next().then(
        ({ done, value }) => {
          reading = false;
          this.push(done ? null : value);
        },
        (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
      );
    },
    destroy(err, callback) {
      parts.return(undefined).then(
        () => callback(err),
        () => callback(err),
      );
    },
  });
}

/** The response body of a paged list, in the representation negotiated. */
export function listBody(def: ResourceDef, list: PagedList, how: Representation): Readable {
  return partsStream(encode(encodingOf(def, list, how)));
}
