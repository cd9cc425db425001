/** Golden summaries: the verdict of each scenario of a run, committed, compared by the interop tests. */

export interface Summary {
  exitCode: number;
  byArea: Record<string, Record<string, number>>;
  scenarios: {
    uri: string;
    name: string;
    kind: string;
    status: string;
    readingsNotHeld: string[];
    skipReason?: string;
    waiver?: string;
    message?: string;
    failedStep?: string;
  }[];
}

/** What a golden file holds: the verdict of each scenario (volatile messages left out). */
export function golden(s: Summary) {
  return {
    exitCode: s.exitCode,
    byArea: s.byArea,
    scenarios: Object.fromEntries(
      s.scenarios.map((x) => [
        `${x.uri} — ${x.name}`,
        [
          x.kind,
          x.status,
          ...x.readingsNotHeld.map((r) => `reading ${r} did not hold`),
          ...(x.skipReason ? [x.skipReason] : []),
        ].join("; "),
      ]),
    ),
  };
}
