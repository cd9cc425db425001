import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Timing-sensitive tests (heartbeats, delivery) share two cores with everything else;
    // files run in parallel, tests inside a file run serially.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
