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
