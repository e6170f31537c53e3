/**
 * A scenario cell's run status: one tagged union, derived once from the cell's run state
 * (cellRun.svelte.ts holds it as `$derived`, as the svelte.dev REPL derives its diagnostics
 * from one compiled state), and read by everything that shows it: the cell's badge, its
 * progress bar, the banner and dimming of its results.
 *
 * A status tells apart the result of the run it describes (`result`: the run's partial
 * result as paths finish, or its whole one) from a result left over from before it
 * (`last`: an earlier run's, or one of a text since edited). A leftover is shown dimmed,
 * with a banner saying what it is: that is the one dimming rule (`dimmed`).
 */
import type { ResultFile } from "../../result/resultFile.ts";
import type { Progress } from "../../run/types.ts";
import type { ScenarioError } from "../../scenario/errors.ts";

/** Where the cell's latest run stands: the state a run moves through, as CellRun sets it. */
export type RunPhase = "idle" | "queued" | "running" | "done" | "cancelled" | "invalid" | "failed";

export type RunStatus =
  /** Never run, and nothing to show. */
  | { kind: "idle" }
  /** Not run: a loan tape the text names is not attached. */
  | { kind: "waiting"; missing: readonly string[]; last: ResultFile | null }
  /** Waiting for another cell's run to end. */
  | { kind: "queued"; last: ResultFile | null }
  /** Running; `result` once its first paths are in, `last` until then. */
  | { kind: "running"; progress: Progress | null; result: ResultFile | null; last: ResultFile | null }
  | { kind: "done"; result: ResultFile; progress: Progress | null }
  /** Cancelled; `result` holds the paths it finished, `last` an earlier result when it finished none. */
  | { kind: "cancelled"; result: ResultFile | null; last: ResultFile | null }
  /** The text was edited after its result was computed. */
  | { kind: "stale"; last: ResultFile }
  /** Not run: the text has errors. */
  | { kind: "invalid"; errors: readonly ScenarioError[]; last: ResultFile | null }
  | { kind: "failed"; message: string; last: ResultFile | null };

/** The state a status is derived from. */
export interface RunState {
  phase: RunPhase;
  /** The result shown, whichever run it is of. */
  result: ResultFile | null;
  /** `result` is of the latest run (it is not left over from before it). */
  ownResult: boolean;
  /** The text was edited after `result` was computed. */
  stale: boolean;
  progress: Progress | null;
  errors: readonly ScenarioError[];
  failure: string;
  /** Tapes the text names that are not attached. */
  missing: readonly string[];
}

export function runStatus(s: RunState): RunStatus {
  const shown = s.result;
  const own = shown !== null && s.ownResult ? shown : null;
  const last = own === null ? shown : null;
  switch (s.phase) {
    case "queued":
      return { kind: "queued", last: shown };
    case "running":
      return { kind: "running", progress: s.progress, result: own, last };
    case "invalid":
      return { kind: "invalid", errors: s.errors, last: shown };
    case "failed":
      return { kind: "failed", message: s.failure, last: shown };
    case "idle":
      if (s.missing.length > 0) return { kind: "waiting", missing: s.missing, last: shown };
      return shown ? { kind: "stale", last: shown } : { kind: "idle" };
    case "done":
    case "cancelled":
      if (shown && s.stale) return { kind: "stale", last: shown };
      if (s.phase === "cancelled") return { kind: "cancelled", result: own, last };
      return shown ? { kind: "done", result: shown, progress: s.progress } : { kind: "idle" };
    default:
      return s.phase satisfies never;
  }
}

/** The result a status shows, its run's own or a leftover; null when none. */
export const shownResult = (status: RunStatus): ResultFile | null =>
  ("result" in status ? status.result : null) ?? ("last" in status ? status.last : null);

/** A result left over from before the status's run (an earlier run's, an edited text's) is dimmed. */
export const dimmed = (status: RunStatus): boolean => "last" in status && status.last !== null;

/** A run is queued or running: it can be cancelled, and shows its progress. */
export const busy = (status: RunStatus): boolean => status.kind === "queued" || status.kind === "running";
