import { defineConfig } from "vitest/config";

/**
 * Two tiers. `unit`: the checks against the in-process fake server and local agents, the harness's
 * pure parts, the CLI's usage errors and the documents held to the registries; no engine needed (`npm run test:unit`). `integration`: real
 * servers in Docker, the engine, base image and role images made ready once before its files run.
 * `npm test` runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 20000,
    hookTimeout: 120000,
    env: { TESTCONTAINERS_RYUK_DISABLED: "true" },
    reporters: ["default", "junit"],
    outputFile: { junit: "test-results/self-tests.junit.xml" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // Most of a unit test's time is a fake server's or an agent's wait, not CPU: more files
          // at once than cores, each worker loading the harness once (no file leaves state behind).
          // Measured on 2 cores under other engineers' load (load average 7-9): 4 workers 85 s,
          // 6 workers 56-79 s, 8 workers 63-75 s.
          isolate: false,
          maxWorkers: 6,
          // A file's concurrent tests (the unusual servers side by side) share one event loop with
          // their fake servers: two at a time.
          maxConcurrency: 2,
          sequence: { groupOrder: 0 },
          include: [
            "harness/**/*.test.ts",
            "suites/**/*.test.ts",
            "tests/cli-usage.test.ts",
            "tests/user-docs.test.ts",
            "tests/builtin-baseline.test.ts",
          ],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/cli-usage.test.ts", "tests/user-docs.test.ts", "tests/builtin-baseline.test.ts"],
          globalSetup: ["tests/global-setup.ts"],
        },
      },
    ],
  },
});
