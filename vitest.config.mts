import { defineConfig } from "vitest/config";

/**
 * One vitest run covers the library, the exercises' sync, the grader and the notebooks.
 * Notebook and grader tests start real kernels and child processes, so timeouts are generous
 * and files run one at a time (the machines have 2 cores).
 */
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "solutions/**/*.test.ts", "grader/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["node_modules/**", "build/**", "grader/fixtures/**"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: "forks",
    reporters: ["default", "./test/support/summary-line-reporter.ts"],
    // messages in English whatever the machine's locale (src/i18n); tests of other languages ask for them
    env: { FLOWLAB_LANG: "en" },
  },
});
