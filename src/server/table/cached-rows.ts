/**
 * Table rows of the objects a watch cache holds encoded, without parsing them on every LIST:
 * what a row needs that does not depend on the clock (the convertor's `prepare`d cells, the row
 * conditions and the PartialObjectMetadata, both as JSON) is kept with the cached object, per
 * decoration variant (the registry host, say) and convertor, and goes with the object (a WeakMap).
 * A row is then its cells at `now` and the kept JSON: the bytes buildTable's row encodes to.
 */
import type { KubeObject } from '../../api/object.js';
import type { IncludeObject } from '../http/negotiation.js';
import type { EncodedObject } from '../../store/store.js';
import { encoderFor, type Decoration } from '../resources/decorated-encoding.js';
import { partialMetadata, type TableConvertor } from './table.js';

interface RowParts {
  convertor: TableConvertor;
  /** the decoration variant, NO_VARIANT when decoration changes nothing */
  variant: string;
  cells: (now: Date) => unknown[];
  /** `,"conditions":[...]`, or '' when the row has none */
  conditions: string;
  /** the row's PartialObjectMetadata as JSON */
  metadata: string;
}

const NO_VARIANT = '\0none';

const rowParts = new WeakMap<EncodedObject, RowParts>();

function partsOf(
  item: EncodedObject,
  decoration: Decoration,
  variant: string | undefined,
  convertor: TableConvertor,
  prepare: NonNullable<TableConvertor['prepare']>,
): RowParts {
  const key = variant ?? NO_VARIANT;
  const known = rowParts.get(item);
  if (known?.variant === key && known.convertor === convertor) return known;
  const object: KubeObject = variant === undefined ? item.object() : decoration.decorate(item.object());
  const conditions = convertor.conditions?.(object) ?? [];
  const parts: RowParts = {
    convertor,
    variant: key,
    cells: prepare(object),
    conditions: conditions.length > 0 ? `,"conditions":${JSON.stringify(conditions)}` : '',
    metadata: JSON.stringify(partialMetadata(object)),
  };
  rowParts.set(item, parts);
  return parts;
}

/**
 * The rows of the cached items as JSON, a chunk at a time, or undefined when the convertor
 * cannot compute its cells from kept parts (then the objects are parsed, as for a store read).
 */
export function cachedTableRows(
  items: readonly EncodedObject[],
  decoration: Decoration,
  convertor: TableConvertor,
  options: { include: IncludeObject; now: Date },
  chunk: number,
): AsyncGenerator<string[]> | undefined {
  const { prepare } = convertor;
  if (!prepare) return undefined;
  // one variant for the whole answer, as for its JSON (encoderFor)
  const variant = decoration.variant?.();
  const encode = encoderFor({ decorate: decoration.decorate, variant: () => variant });
  const row = (item: EncodedObject): string => {
    const parts = partsOf(item, decoration, variant, convertor, prepare);
    const head = `{"cells":${JSON.stringify(parts.cells(options.now))}${parts.conditions}`;
    if (options.include === 'None') return `${head}}`;
    if (options.include === 'Metadata') return `${head},"object":${parts.metadata}}`;
    return `${head},"object":${encode(item).toString('utf8')}}`;
  };
  return (async function* () {
    for (let i = 0; i < items.length; i += chunk) yield items.slice(i, i + chunk).map(row);
  })();
}
