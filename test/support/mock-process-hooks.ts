/** A `ctips-kit mock` process shared by the tests of one file (vitest hooks; test/support/processes.ts has none). */
import { afterAll, beforeAll } from "vitest";
import { startMockProcess, type Target } from "./processes.ts";

/** `ctips-kit mock` as a process for the tests of one file: started before them, stopped by PID after. */
export function mockProcessForThisFile(args: string[] = ["--heartbeat-ms", "100"]): () => Target {
  let target: Target | undefined;
  beforeAll(async () => {
    target = await startMockProcess(args);
  }, 60_000);
  afterAll(async () => {
    await target?.stop();
  });
  return () => {
    if (!target) throw new Error("the mock process has not started");
    return target;
  };
}
