import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResultFile } from "../../../src/result/resultFile.ts";
import type { ScenarioError } from "../../../src/scenario/errors.ts";
import { busy, dimmed, runStatus, shownResult, type RunPhase, type RunState } from "../../../src/ui/state/runStatus.ts";

const older = { paths: 100 } as ResultFile;
const mine = { paths: 40, partial: true } as ResultFile;
const error = { file: "cell-1.yaml", line: 1, message: "wrong" } as ScenarioError;
const PHASES: RunPhase[] = ["idle", "queued", "running", "done", "cancelled", "invalid", "failed"];

const state = (over: Partial<RunState>): RunState => ({
  phase: "idle",
  result: null,
  ownResult: false,
  stale: false,
  progress: null,
  errors: [],
  failure: "",
  missing: [],
  ...over,
});

describe("runStatus", () => {
  // Each row: the state, the status's kind, the result it shows as the run's own, and the one left over (dimmed).
  it.each([
    ["never run", state({}), "idle", null, null],
    ["waiting for a tape", state({ missing: ["book.csv"] }), "waiting", null, null],
    ["waiting for a tape, an earlier result shown", state({ missing: ["book.csv"], result: older, stale: true }), "waiting", null, older],
    ["queued, first run", state({ phase: "queued" }), "queued", null, null],
    ["queued after a run", state({ phase: "queued", result: older }), "queued", null, older],
    ["running, no path yet", state({ phase: "running" }), "running", null, null],
    ["running, an earlier result until its first paths", state({ phase: "running", result: older }), "running", null, older],
    ["running with its own paths", state({ phase: "running", result: mine, ownResult: true }), "running", mine, null],
    ["done", state({ phase: "done", result: mine, ownResult: true }), "done", mine, null],
    ["done, then edited", state({ phase: "done", result: mine, ownResult: true, stale: true }), "stale", null, mine],
    ["cancelled after some paths", state({ phase: "cancelled", result: mine, ownResult: true }), "cancelled", mine, null],
    ["cancelled before any path", state({ phase: "cancelled", result: older }), "cancelled", null, older],
    ["cancelled, then edited", state({ phase: "cancelled", result: mine, ownResult: true, stale: true }), "stale", null, mine],
    ["errors, never run", state({ phase: "invalid", errors: [error] }), "invalid", null, null],
    ["errors after a run", state({ phase: "invalid", errors: [error], result: older, ownResult: true, stale: true }), "invalid", null, older],
    ["failed, never run", state({ phase: "failed", failure: "out of memory" }), "failed", null, null],
    ["failed after a run", state({ phase: "failed", failure: "out of memory", result: older }), "failed", null, older],
  ] as const)("%s", (_, s, kind, own, last) => {
    const status = runStatus(s);
    expect(status.kind).toBe(kind);
    expect("result" in status ? status.result : null).toBe(own);
    expect("last" in status ? status.last : null).toBe(last);
    expect(dimmed(status)).toBe(last !== null);
  });

  it("carries what the view says: the errors, the failure, the missing tapes, the progress", () => {
    const progress = { done: 4, total: 10, meanLoss: 1, stderrLoss: 0.1, elapsedMs: 5 };
    expect(runStatus(state({ phase: "invalid", errors: [error] }))).toMatchObject({ errors: [error] });
    expect(runStatus(state({ phase: "failed", failure: "out of memory" }))).toMatchObject({ message: "out of memory" });
    expect(runStatus(state({ missing: ["a.csv", "b.csv"] }))).toMatchObject({ missing: ["a.csv", "b.csv"] });
    expect(runStatus(state({ phase: "running", progress }))).toMatchObject({ progress });
    expect(runStatus(state({ phase: "done", result: mine, ownResult: true, progress }))).toMatchObject({ progress });
  });

  it("shows the result it is given, whatever the state, and is busy exactly while queued or running", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PHASES),
        fc.constantFrom(null, older, mine),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom([], ["book.csv"]),
        (phase, result, ownResult, stale, missing) => {
          const status = runStatus(state({ phase, result, ownResult, stale, missing }));
          // A result is never hidden nor made up: the status only says what the shown one is.
          expect(shownResult(status)).toBe(result);
          expect(busy(status)).toBe(phase === "queued" || phase === "running");
          // Nothing shown, nothing dimmed; and a run's own result of the text as it stands never is.
          if (result === null) expect(dimmed(status)).toBe(false);
          if (result !== null && ownResult && !stale && (phase === "running" || phase === "done" || phase === "cancelled")) expect(dimmed(status)).toBe(false);
          // A result of an edited text, or one a failed, invalid or queued run leaves over, always is.
          if (result !== null && (phase === "queued" || phase === "invalid" || phase === "failed" || (stale && phase !== "running"))) expect(dimmed(status)).toBe(true);
        },
      ),
    );
  });
});
