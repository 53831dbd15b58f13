/**
 * The store's current resourceVersion for consistent reads, with concurrent callers sharing reads:
 * a caller gets the answer of a read that started after it asked (never one already in flight,
 * which may predate a write the caller saw complete), so at most one read is in flight and one
 * more waits for it. On etcd this turns N concurrent GETs into about one revision read each round.
 */
export class FreshRevision {
  private readonly read: () => Promise<string>;
  private inFlight: Promise<string> | undefined;
  private next: Promise<string> | undefined;

  constructor(read: () => Promise<string>) {
    this.read = read;
  }

  get(): Promise<string> {
    if (!this.inFlight) return this.start();
    // one read already runs: join the read that starts when it ends
    this.next ??= this.inFlight.then(
      () => this.start(),
      () => this.start(),
    );
    return this.next;
  }

  private start(): Promise<string> {
    this.next = undefined;
    const current = this.read();
    this.inFlight = current;
    const done = (): void => {
      if (this.inFlight === current) this.inFlight = undefined;
    };
    current.then(done, done);
    return current;
  }
}
