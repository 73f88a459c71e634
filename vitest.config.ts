import { defineConfig } from 'vitest/config';

/** One project per part, so `--project` runs a part alone (see package.json scripts). */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['packages/domain/src/**/*.test.ts'] } },
      { test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      { test: { name: 'replica', include: ['packages/replica/src/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'scanner',
          include: ['apps/scanner/src/**/*.test.{ts,tsx}', 'apps/scanner/electron/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['apps/scanner/src/test/setup.ts'],
          // Above the 5 s a screen may take to answer on a loaded CI machine (setup.ts), so a test
          // with several such waits fails on what it checks, not on the clock.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'sync',
          include: ['test/sync/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // PostgreSQL + 3 server instances + nginx on loopback: one file, one stack.
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // etcd + 2 Patroni/PostgreSQL nodes + haproxy + 2 server instances on loopback.
          name: 'failover',
          include: ['test/failover/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The cluster again, under database and instance faults (about 3 minutes).
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
