import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // a pool of its own, so the unit files run beside the integration files (a forks pool
          // runs its single-fork files only after the others); one thread leaves the integration
          // tests' services a core
          pool: 'threads',
          poolOptions: { threads: { singleThread: true } },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          // the services they start share one 2-core machine: one file at a time
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
