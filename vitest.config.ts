import { configDefaults, defineConfig } from 'vitest/config';

const BROWSER_TESTS = 'tests/report/**/*.test.ts';

export default defineConfig({
  test: {
    // DuckDB is a native module: separate processes, not worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'engine',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, BROWSER_TESTS],
        },
      },
      {
        // Its own project so that its global setup (finding or installing a browser) runs only when
        // a browser test does.
        extends: true,
        test: { name: 'browser', include: [BROWSER_TESTS], globalSetup: ['tests/setup/browser.ts'] },
      },
    ],
  },
});
