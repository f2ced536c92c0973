import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // DuckDB is a native module: separate processes, not worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
