/** Request accounting per client instance: what the benchmark's "requests per tag" reads. */

export const RequestKind = {
  Ping: 'ping',
  Token: 'token',
  ManifestHead: 'manifestHead',
  ManifestGet: 'manifestGet',
  BlobGet: 'blobGet',
  Tags: 'tags',
} as const;
export type RequestKind = (typeof RequestKind)[keyof typeof RequestKind];

export interface ClientStats {
  /** every HTTP request sent, retries included */
  requests: number;
  byKind: Record<RequestKind, number>;
  byMethod: Record<string, number>;
  /** response body bytes read */
  bytesReceived: number;
  /** attempts that were repeated after a transient failure */
  retries: number;
  /** TCP (or TLS) connections opened: low numbers mean keep-alive works */
  connections: number;
}

export class StatsCounter {
  #requests = 0;
  #byKind: Record<RequestKind, number> = {
    ping: 0,
    token: 0,
    manifestHead: 0,
    manifestGet: 0,
    blobGet: 0,
    tags: 0,
  };
  #byMethod: Record<string, number> = {};
  #bytes = 0;
  #retries = 0;
  #connections = 0;

  request(kind: RequestKind, method: string): void {
    this.#requests++;
    this.#byKind[kind]++;
    this.#byMethod[method] = (this.#byMethod[method] ?? 0) + 1;
  }
  bytes(n: number): void {
    this.#bytes += n;
  }
  retry(): void {
    this.#retries++;
  }
  connection(): void {
    this.#connections++;
  }

  snapshot(): ClientStats {
    return {
      requests: this.#requests,
      byKind: { ...this.#byKind },
      byMethod: { ...this.#byMethod },
      bytesReceived: this.#bytes,
      retries: this.#retries,
      connections: this.#connections,
    };
  }
}
