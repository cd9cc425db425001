/**
 * Runs Gherkin features with Cucumber's API, in this process: the server suite
 * (features/requests, events, flows, session; steps/*.ts) or the client suite
 * (features/client; steps/client/*.ts). Each suite's step definitions are loaded once per
 * process (ES modules register on first import only) and reused by later runs. The loaded
 * libraries live on globalThis, not in this module: a host that evaluates this module again
 * in the same process (a test runner isolating its files) must find them, because Node
 * will not run the step files a second time.
 */
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { IConfiguration } from "@cucumber/cucumber/api";
import { KitError } from "../contract/errors.ts";
import type { RunCollector } from "./results.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const SERVER_FEATURES = ["features/requests", "features/events", "features/flows", "features/session"];
export const CLIENT_FEATURES = ["features/client"];

const STEPS = { server: "steps/*.ts", client: "steps/client/*.ts" } as const;

type SupportLibrary = ReturnType<typeof import("@cucumber/cucumber/api").loadSupport>;
interface ProcessState {
  tsLoader?: Promise<void>;
  supportLibraries: Map<string, SupportLibrary>;
}
const PROCESS_KEY = Symbol.for("ctips-kit.cucumber-support");
const processState: ProcessState = ((globalThis as Record<symbol, unknown>)[PROCESS_KEY] as
  | ProcessState
  | undefined) ?? { supportLibraries: new Map() };
(globalThis as Record<symbol, unknown>)[PROCESS_KEY] = processState;

/** Cucumber imports step files with Node's own import(): make sure tsx's loader hooks are in. */
function ensureTypeScriptLoader(): Promise<void> {
  processState.tsLoader ??= import("tsx/esm/api").then(({ register }) => {
    register();
  });
  return processState.tsLoader;
}

function progressStream(write?: (text: string) => void): Writable {
  return new Writable({
    write(chunk, _enc, cb) {
      write?.(String(chunk));
      cb();
    },
  });
}

export async function runFeatures(
  suite: keyof typeof STEPS,
  o: {
    paths: string[];
    tags?: string;
    progress?: (text: string) => void;
    worldParameters: object;
    collector: RunCollector;
  },
): Promise<void> {
  await ensureTypeScriptLoader();
  const { loadConfiguration, loadSupport, runCucumber } = await import("@cucumber/cucumber/api");
  try {
    const { runConfiguration } = await loadConfiguration(
      {
        provided: {
          paths: o.paths,
          import: [join(ROOT, STEPS[suite])],
          tags: o.tags ?? "",
          format: o.progress ? ["progress"] : [],
          worldParameters: o.worldParameters as Record<string, unknown>,
          strict: true,
          failFast: false,
          retry: 0,
        } as unknown as Partial<IConfiguration>,
      },
      { cwd: ROOT },
    );
    let support = processState.supportLibraries.get(suite);
    if (!support) {
      support = loadSupport(runConfiguration, { cwd: ROOT });
      processState.supportLibraries.set(suite, support);
    }
    await runCucumber(
      { ...runConfiguration, support: await support },
      { cwd: ROOT, stdout: progressStream(o.progress), stderr: progressStream(o.progress) },
      o.collector.onMessage,
    );
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_CHECK_INPUT",
      `the conformance run could not start: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}
