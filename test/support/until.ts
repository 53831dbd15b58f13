/**
 * Polls `fn` until it answers something other than undefined or false, and returns that; fails
 * naming `what` after `ms`. For integration tests against real processes (unit tests use a
 * manual clock instead).
 */
export async function until<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * `until`, where `fn` throwing also means "not yet": a process that is not listening yet, a
 * connection reset while a replica dies.
 */
export function untilAnswered<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  ms: number,
  intervalMs = 100,
): Promise<T> {
  return until(what, () => fn().catch(() => undefined), ms, intervalMs);
}

/**
 * `until` for unit tests: polls every 10 ms (the work it waits for is in-process) and fails after
 * `ms` naming `what`.
 */
export function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 5000,
  what = 'condition',
): Promise<T> {
  return until(what, check, ms, 10);
}
