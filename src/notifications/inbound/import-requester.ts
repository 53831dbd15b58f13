/**
 * What notifications ask of the importer, and nothing more: import these stream tags now. The
 * importer re-resolves each tag with a HEAD, so `expectedDigest` is a hint used for logging a
 * mismatch, never trusted. The server wires this to the import service.
 */

export interface ImportTagRequest {
  namespace: string;
  stream: string;
  tag: string;
  /** the digest the notification claimed, if it named one */
  expectedDigest?: string;
  /** which notification sources asked, comma separated (e.g. `distribution` or `dockerhub,quay`) */
  source: string;
}

export interface ImportRequester {
  importTags(requests: ImportTagRequest[]): Promise<void>;
}
