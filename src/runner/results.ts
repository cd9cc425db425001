/**
 * What a certification run records of each scenario, read from Cucumber's message stream:
 * its steps with status, message and times, the notes its steps attached (readings,
 * harness faults, skips, teardown), its timeline excerpt and flow matches. Then the verdict of each
 * scenario: normative failures fail the run, readings that did not hold warn, harness
 * faults are the kit's. The JUnit and Allure writers and the summary read these records.
 */
import { relative } from "node:path";
import type { Envelope, Pickle, TestStepResultStatus } from "@cucumber/messages";
import type { FlowMatch } from "../checks/flow.ts";
import { decodeNote, FLOW_MATCH_MEDIA_TYPE, NOTE_MEDIA_TYPE, type Note } from "./notes.ts";
import { readingTags } from "./readings.ts";

export type Area = "requests" | "events" | "flows" | "session" | "client" | "other";

export interface StepRecord {
  /** `Given agent A is logged in`, or `Before hook` / `After hook`. */
  text: string;
  hook: boolean;
  status: TestStepResultStatus;
  message?: string;
  startMs: number;
  stopMs: number;
}

export interface ScenarioRecord {
  name: string;
  uri: string;
  feature: string;
  area: Area;
  tags: string[];
  steps: StepRecord[];
  notes: Note[];
  /** The scenario's timeline excerpt (JSONL): the report's pictures and tables are drawn from it. */
  timeline?: string;
  /** The flow tables it asserted, as matched against its timeline (the sequence diagram's overlay). */
  flowMatches?: FlowMatch[];
  startMs: number;
  stopMs: number;
}

export type Status = "passed" | "failed" | "reading" | "waived" | "skipped" | "harness";

export interface ScenarioResult {
  name: string;
  uri: string;
  feature: string;
  area: Area;
  tags: string[];
  /** normative: the guide (or the wire contract) says so; reading: the kit's choice (`@reading:<id>`). */
  kind: "normative" | "reading";
  /** The readings the scenario's tags name. */
  readings: string[];
  status: Status;
  /** Why it failed, or the harness fault; with the step it happened at. */
  message?: string;
  failedStep?: string;
  /** Readings that did not hold: from `@reading` scenarios that failed, and from reading rows and cells. */
  readingNotes: { reading: string; message: string }[];
  skipReason?: string;
  waiver?: string;
  /** Set when the teardown could not leave the target as it found it. */
  teardownFault?: string;
  durationMs: number;
}

const RANK: Record<TestStepResultStatus, number> = {
  PASSED: 0,
  SKIPPED: 1,
  UNKNOWN: 1,
  PENDING: 2,
  UNDEFINED: 3,
  AMBIGUOUS: 4,
  FAILED: 5,
};

export function areaOf(uri: string): Area {
  const m = /features\/(requests|events|flows|session|client)\//.exec(uri);
  return (m?.[1] as Area) ?? "other";
}

const ms = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + Math.round(t.nanos / 1e6);

/** Collects scenario records from Cucumber messages (pass `onMessage` to runCucumber). */
export class RunCollector {
  private readonly pickles = new Map<string, Pickle>();
  private readonly features = new Map<string, string>();
  private readonly testCases = new Map<
    string,
    { pickleId: string; steps: Map<string, { pickleStepId?: string }> }
  >();
  private readonly started = new Map<string, { testCaseId: string; startMs: number; stopMs?: number }>();
  private readonly steps = new Map<string, StepRecord[]>();
  private readonly stepStart = new Map<string, number>();
  private readonly notes = new Map<string, Note[]>();
  private readonly timelines = new Map<string, string>();
  private readonly flowMatches = new Map<string, FlowMatch[]>();
  /** Gherkin that did not parse: `uri (line:column): message`. */
  readonly parseErrors: string[] = [];

  constructor(private readonly root: string) {}

  readonly onMessage = (env: Envelope): void => {
    if (env.parseError)
      this.parseErrors.push(
        `${env.parseError.source.uri ?? "?"} (${env.parseError.source.location?.line ?? "?"}:${env.parseError.source.location?.column ?? "?"}): ${env.parseError.message.replace(/^\(\d+:\d+\): /, "")}`,
      );
    if (env.gherkinDocument?.feature && env.gherkinDocument.uri)
      this.features.set(env.gherkinDocument.uri, env.gherkinDocument.feature.name);
    if (env.pickle) this.pickles.set(env.pickle.id, env.pickle);
    if (env.testCase)
      this.testCases.set(env.testCase.id, {
        pickleId: env.testCase.pickleId,
        steps: new Map(env.testCase.testSteps.map((s) => [s.id, { pickleStepId: s.pickleStepId }])),
      });
    if (env.testCaseStarted)
      this.started.set(env.testCaseStarted.id, {
        testCaseId: env.testCaseStarted.testCaseId,
        startMs: ms(env.testCaseStarted.timestamp),
      });
    if (env.testCaseFinished) {
      const s = this.started.get(env.testCaseFinished.testCaseStartedId);
      if (s) s.stopMs = ms(env.testCaseFinished.timestamp);
    }
    if (env.testStepStarted)
      this.stepStart.set(
        `${env.testStepStarted.testCaseStartedId}/${env.testStepStarted.testStepId}`,
        ms(env.testStepStarted.timestamp),
      );
    if (env.testStepFinished) this.stepFinished(env.testStepFinished);
    const a = env.attachment;
    if (a?.testCaseStartedId) {
      if (a.mediaType === NOTE_MEDIA_TYPE) {
        const note = decodeNote(a.body);
        if (note) this.notes.set(a.testCaseStartedId, [...(this.notes.get(a.testCaseStartedId) ?? []), note]);
      } else if (a.fileName === "timeline.jsonl") this.timelines.set(a.testCaseStartedId, a.body);
      else if (a.mediaType === FLOW_MATCH_MEDIA_TYPE) {
        try {
          const m = JSON.parse(a.body) as FlowMatch;
          this.flowMatches.set(a.testCaseStartedId, [
            ...(this.flowMatches.get(a.testCaseStartedId) ?? []),
            m,
          ]);
        } catch {
          // not one of ours: nothing to draw
        }
      }
    }
  };

  private stepFinished(f: NonNullable<Envelope["testStepFinished"]>): void {
    const started = this.started.get(f.testCaseStartedId);
    const tc = started && this.testCases.get(started.testCaseId);
    if (!tc) return;
    const pickle = this.pickles.get(tc.pickleId);
    const pickleStepId = tc.steps.get(f.testStepId)?.pickleStepId;
    const pickleStep = pickleStepId ? pickle?.steps.find((s) => s.id === pickleStepId) : undefined;
    const list = this.steps.get(f.testCaseStartedId) ?? [];
    const text = pickleStep ? pickleStep.text : list.some((s) => !s.hook) ? "After hook" : "Before hook";
    const stopMs = ms(f.timestamp);
    list.push({
      text,
      hook: !pickleStep,
      status: f.testStepResult.status,
      message: f.testStepResult.message ?? f.testStepResult.exception?.message,
      startMs: this.stepStart.get(`${f.testCaseStartedId}/${f.testStepId}`) ?? stopMs,
      stopMs,
    });
    this.steps.set(f.testCaseStartedId, list);
  }

  /** One record per scenario that ran (or was skipped), in the order they started. */
  records(): ScenarioRecord[] {
    const out: ScenarioRecord[] = [];
    for (const [id, s] of this.started) {
      const tc = this.testCases.get(s.testCaseId);
      const pickle = tc && this.pickles.get(tc.pickleId);
      if (!pickle) continue;
      const abs = pickle.uri.startsWith("/") ? pickle.uri : `${this.root}/${pickle.uri}`;
      out.push({
        name: pickle.name,
        uri: relative(this.root, abs),
        feature: this.features.get(pickle.uri) ?? pickle.uri,
        area: areaOf(pickle.uri),
        tags: pickle.tags.map((t) => t.name),
        steps: this.steps.get(id) ?? [],
        notes: this.notes.get(id) ?? [],
        timeline: this.timelines.get(id),
        flowMatches: this.flowMatches.get(id),
        startMs: s.startMs,
        stopMs: s.stopMs ?? s.startMs,
      });
    }
    return out;
  }
}

/**
 * The verdict of one scenario. Normative failures fail; in a `@reading` scenario a failure
 * is a reading that did not hold (unless `strictReadings`); notes of readings that did not
 * hold make an otherwise passing scenario a reading warning; a harness note or an undefined
 * step makes it the kit's fault; a skip note with no failure skips it.
 */
export function verdict(rec: ScenarioRecord, o: { strictReadings: boolean }): ScenarioResult {
  const readings = readingTags(rec.tags);
  const worst = rec.steps.reduce<StepRecord | undefined>(
    (w, s) => (!w || RANK[s.status] > RANK[w.status] ? s : w),
    undefined,
  );
  const harness = rec.notes.find((n) => n.kind === "harness");
  const skip = rec.notes.find((n) => n.kind === "skip");
  const teardown = rec.notes.find((n) => n.kind === "teardown" && !n.ok);
  const readingNotes = rec.notes.flatMap((n) =>
    n.kind === "reading" ? [{ reading: n.reading, message: n.message }] : [],
  );
  const base: ScenarioResult = {
    name: rec.name,
    uri: rec.uri,
    feature: rec.feature,
    area: rec.area,
    tags: rec.tags,
    kind: readings.length ? "reading" : "normative",
    readings,
    status: "passed",
    readingNotes,
    durationMs: Math.max(0, rec.stopMs - rec.startMs),
    teardownFault: teardown?.kind === "teardown" ? teardown.message : undefined,
  };
  const failedStep = worst && worst.status !== "PASSED" && worst.status !== "SKIPPED" ? worst : undefined;
  const at = failedStep
    ? `${failedStep.hook ? "" : "at step '"}${failedStep.text}${failedStep.hook ? "" : "'"}`
    : "";
  if (
    failedStep &&
    (harness || failedStep.hook || failedStep.status === "UNDEFINED" || failedStep.status === "AMBIGUOUS")
  ) {
    const why =
      harness?.kind === "harness"
        ? `${harness.code}: ${harness.message}`
        : failedStep.hook
          ? `the kit's ${failedStep.text} failed: ${failedStep.message ?? failedStep.status}`
          : `${failedStep.status === "UNDEFINED" ? "no step definition matches" : "more than one step definition matches"} '${failedStep.text}'`;
    return { ...base, status: "harness", message: why, failedStep: at };
  }
  if (failedStep) {
    const message = failedStep.message ?? failedStep.status;
    if (readings.length && !o.strictReadings) {
      return {
        ...base,
        status: "reading",
        message,
        failedStep: at,
        readingNotes: [...readingNotes, ...readings.map((reading) => ({ reading, message }))],
      };
    }
    return { ...base, status: "failed", message, failedStep: at };
  }
  if (teardown) return { ...base, status: "harness", message: `teardown: ${base.teardownFault}` };
  if (skip?.kind === "skip") return { ...base, status: "skipped", skipReason: skip.reason };
  if (worst?.status === "SKIPPED") return { ...base, status: "skipped", skipReason: "no reason given" };
  if (readingNotes.length) return { ...base, status: "reading" };
  return base;
}
