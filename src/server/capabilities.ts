/**
 * What one server extension offers the others (e.g. the importer's import service, which the
 * notifications part calls), found by a typed key instead of a string and a cast: the key says
 * what type the capability has, so provider and user cannot disagree silently. Extensions register
 * in order, so a later one finds an earlier one's.
 */

/** A capability's key; `T` is the type of what is provided under it. */
export interface CapabilityKey<T> {
  readonly name: string;
  /** type-only: never set */
  readonly type?: T;
}

export function capabilityKey<T>(name: string): CapabilityKey<T> {
  return { name };
}

export class Capabilities {
  private readonly provided = new Map<CapabilityKey<unknown>, unknown>();

  provide<T>(key: CapabilityKey<T>, value: T): void {
    if (this.provided.has(key)) throw new Error(`capability "${key.name}" is provided twice`);
    this.provided.set(key, value);
  }

  /** undefined when no extension provides it (e.g. the importer under --no-image-import) */
  get<T>(key: CapabilityKey<T>): T | undefined {
    return this.provided.get(key) as T | undefined;
  }
}
