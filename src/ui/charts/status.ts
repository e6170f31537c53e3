/**
 * What a scenario cell's results say about their own state: running and filling in,
 * stale after an edit, partial after a cancel, left over from before a failed run, or not
 * run at all because the scenario has errors.
 */
import type { ResultFile } from "../../result/resultFile.ts";
import { formatCount } from "./frame/chartNumbers.ts";

export type ResultsStatus = "idle" | "running" | "done" | "cancelled" | "stale" | "error" | "invalid";

export interface Banner {
  tone: "busy" | "warn";
  text: string;
}

/** The line shown above the charts, or null when the result speaks for itself. */
export function banner(status: ResultsStatus, result: ResultFile | null): Banner | null {
  if (!result) {
    if (status === "running") return { tone: "busy", text: "Waiting for the first paths…" };
    if (status === "error") return { tone: "warn", text: "No result: the run did not finish." };
    if (status === "invalid") return { tone: "warn", text: "Not run: the scenario has errors, listed above. It runs once they are fixed." };
    return null;
  }
  const paths = formatCount(result.paths);
  switch (status) {
    case "running":
      return { tone: "busy", text: `Running — ${paths} paths so far; the charts fill in as paths finish.` };
    case "stale":
      return { tone: "warn", text: "Stale: the scenario has changed since this run. Run it again to update the charts." };
    case "cancelled":
      return { tone: "warn", text: `Partial result: the run was cancelled after ${paths} paths.` };
    case "error":
      return { tone: "warn", text: "The last run failed; these charts are from the run before it." };
    case "invalid":
      return { tone: "warn", text: "Not run again: the scenario has errors, listed above. These charts are from its last run." };
    case "idle":
    case "done":
      return result.partial ? { tone: "warn", text: `Partial result: ${paths} paths.` } : null;
    default:
      return status satisfies never;
  }
}

/** Charts of a stale or superseded result are dimmed. */
export const dimmed = (status: ResultsStatus): boolean => status === "stale" || status === "error" || status === "invalid";
