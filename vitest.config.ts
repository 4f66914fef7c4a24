import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["harness/**/*.test.ts", "suites/**/*.test.ts", "tests/**/*.test.ts"],
    // Engine, base image and role images are made ready once, before any file runs.
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 20000,
    hookTimeout: 120000,
    env: { TESTCONTAINERS_RYUK_DISABLED: "true" },
    reporters: ["default", "junit"],
    outputFile: { junit: "test-results/self-tests.junit.xml" },
  },
});
