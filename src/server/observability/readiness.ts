/** Named readiness checks: /readyz is 200 when all pass. Later parts register theirs. */

export type ReadinessCheck = () => Promise<void> | void;

export interface CheckResult {
  name: string;
  ok: boolean;
  /** why it failed (no secrets: checks throw user-facing messages) */
  message?: string;
}

export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  remove(name: string): void {
    this.checks.delete(name);
  }

  async run(timeoutMs = 5_000): Promise<CheckResult[]> {
    return Promise.all(
      [...this.checks].map(async ([name, check]): Promise<CheckResult> => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          return { name, ok: true };
        } catch (e) {
          return { name, ok: false, message: e instanceof Error ? e.message : String(e) };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
}
