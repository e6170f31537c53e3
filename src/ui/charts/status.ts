/**
 * What a scenario cell's results say about their own state: running and filling in,
 * stale after an edit, partial after a cancel, left over from before a failed run, or not
 * run at all because the scenario has errors. The status is the cell's one run status
 * (src/ui/state/runStatus.ts); this is only its line above the charts.
 */
import type { RunStatus } from "../state/runStatus.ts";
import { formatCount } from "./frame/chartNumbers.ts";

export interface Banner {
  tone: "busy" | "warn";
  text: string;
}

const STALE = "Stale: the scenario has changed since this run. Run it again to update the charts.";

/** The line shown above the charts, or null when the result speaks for itself. */
export function banner(status: RunStatus): Banner | null {
  switch (status.kind) {
    case "idle":
      return null;
    case "waiting":
      return status.last ? { tone: "warn", text: STALE } : null;
    case "queued":
    case "running": {
      const result = status.kind === "running" ? status.result : null;
      if (result) return { tone: "busy", text: `Running — ${formatCount(result.paths)} paths so far; the charts fill in as paths finish.` };
      if (status.last) return { tone: "busy", text: "Waiting for the first paths; until they finish, these charts are from the run before." };
      return { tone: "busy", text: "Waiting for the first paths…" };
    }
    case "done":
      return status.result.partial ? { tone: "warn", text: `Partial result: ${formatCount(status.result.paths)} paths.` } : null;
    case "cancelled":
      if (status.result) return { tone: "warn", text: `Partial result: the run was cancelled after ${formatCount(status.result.paths)} paths.` };
      return status.last ? { tone: "warn", text: "Cancelled before any path finished; these charts are from the run before." } : null;
    case "stale":
      return { tone: "warn", text: STALE };
    case "invalid":
      return status.last
        ? { tone: "warn", text: "Not run again: the scenario has errors, listed above. These charts are from its last run." }
        : { tone: "warn", text: "Not run: the scenario has errors, listed above. It runs once they are fixed." };
    case "failed":
      return status.last
        ? { tone: "warn", text: "The last run failed; these charts are from the run before it." }
        : { tone: "warn", text: "No result: the run did not finish." };
    default:
      return status satisfies never;
  }
}
