import { defineConfig } from "vitest/config";

/**
 * Two groups run one after the other: the unit/integration tests in parallel, then the
 * timing-sensitive tests (`*.timing.test.ts`: heartbeat intervals, delivery isolation)
 * one file at a time, so their tolerances hold on a loaded 2-core machine.
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.timing.test.ts", "**/node_modules/**"],
          pool: "forks",
          poolOptions: { forks: { maxForks: 2, minForks: 1 } },
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "timing",
          include: ["test/**/*.timing.test.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
