import { afterEach, describe, expect, it } from 'vitest';
import {
  budgetSnapshot,
  createRegistryBudget,
  formatBudgetLine,
  registerBudgetMetrics,
  releaseRegistryBudget,
  type RegistryBudget,
} from '../../../../src/registry/budget/index.js';
import { rateLimitFromHeaders } from '../../../../src/registry/rate-limit.js';
import { metricsRegistry } from '../../../../src/observability/metrics.js';

const HOUR = 3_600_000;
let made: RegistryBudget[] = [];
afterEach(() => {
  for (const b of made) releaseRegistryBudget(b);
  made = [];
});

function hub(now: { t: number }) {
  const b = createRegistryBudget({ now: () => now.t });
  made.push(b);
  const report = (remaining: number) =>
    b.observe(
      'registry-1.docker.io',
      rateLimitFromHeaders(
        { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': `${remaining};w=21600` },
        new Date(now.t),
      )!,
    );
  return { b, report };
}

describe('registry budget', () => {
  it('does not hold scheduled checks back while most of the budget remains', () => {
    const now = { t: 0 };
    const { b, report } = hub(now);
    report(90);
    expect(b.scheduledDelayMs('docker.io')).toBe(0);
    b.spend('docker.io');
    expect(b.scheduledDelayMs('docker.io')).toBe(0);
    expect(b.snapshot()).toEqual([
      expect.objectContaining({
        registry: 'docker.io',
        limit: 100,
        remaining: 89,
        windowSeconds: 21600,
        reserve: 10,
      }),
    ]);
  });

  it('spreads the remaining scheduled share over the window once the budget runs low', () => {
    const now = { t: 0 };
    const { b, report } = hub(now);
    report(40); // 30 usable after the 10% reserve; one spent: 29 left over 6 hours
    b.spend('docker.io');
    expect(b.scheduledDelayMs('docker.io')).toBe(Math.ceil((6 * HOUR) / 29));
    now.t += Math.ceil((6 * HOUR) / 29);
    expect(b.scheduledDelayMs('docker.io')).toBe(0);
  });

  it('stops scheduled checks when only the manual reserve is left, until the window refills or a newer report', () => {
    const now = { t: 1000 };
    const { b, report } = hub(now);
    report(10);
    expect(b.scheduledDelayMs('docker.io')).toBe(6 * HOUR);
    expect(b.snapshot()[0]).toMatchObject({ pauseReason: 'BudgetExhausted' });
    now.t += HOUR;
    report(80); // a manual import's answer shows the window moved on
    expect(b.scheduledDelayMs('docker.io')).toBe(0);
  });

  it('ignores a report older than the one it has (responses arriving out of order)', () => {
    const now = { t: 10_000 };
    const { b, report } = hub(now);
    report(70);
    now.t = 5000;
    report(5);
    expect(b.snapshot()[0]?.remaining).toBe(70);
  });

  it('pauses a registry after a 429 until Retry-After, 60 s when the registry named no time', () => {
    const now = { t: 0 };
    const { b } = hub(now);
    b.rateLimited('quay.io', 90);
    expect(b.scheduledDelayMs('quay.io')).toBe(90_000);
    expect(b.scheduledDelayMs('ghcr.io')).toBe(0);
    b.rateLimited('ghcr.io');
    expect(b.scheduledDelayMs('ghcr.io')).toBe(60_000);
    now.t = 90_000;
    expect(b.scheduledDelayMs('quay.io')).toBe(0);
  });

  it('shows the budget in budgetSnapshot, as gauges and as the describe line', async () => {
    const now = { t: Date.parse('2026-11-27T03:00:00Z') };
    const { b, report } = hub(now);
    report(40);
    b.spend('docker.io');
    expect(budgetSnapshot().find((e) => e.registry === 'docker.io')?.remaining).toBe(39);
    registerBudgetMetrics();
    const text = await metricsRegistry.metrics();
    expect(text).toContain('imagestreams_registry_budget_remaining{registry="docker.io"} 39');
    expect(text).toContain('imagestreams_registry_budget_limit{registry="docker.io"} 100');
    expect(formatBudgetLine(b.snapshot()[0]!)).toBe(
      'docker.io: 39/100 requests left per 6h0m0s (10 kept for manual imports), scheduled checks every 12m25s',
    );
    b.rateLimited('docker.io', 120);
    expect(formatBudgetLine(b.snapshot()[0]!)).toBe(
      'docker.io: 39/100 requests left per 6h0m0s (10 kept for manual imports), scheduled checks paused until 2026-11-27T03:02:00.000Z (429 Too Many Requests)',
    );
  });
});
