/**
 * How a collection is read: as its objects (the default), or another representation the server
 * negotiates by Accept (e.g. Table rows), decoded into items the handlers keep.
 */
export interface Representation<T> {
  accept: string;
  /** the items of a list answer */
  items(list: unknown): T[];
  /** the item of an ADDED, MODIFIED or DELETED event's object */
  item(object: unknown): T;
}
