/**
 * The badge beside a scenario cell's name: its run status (src/ui/state/runStatus.ts) in
 * a few words, with a tone for its colour.
 */
import { grouped as formatCount, duration as formatDuration } from "../../format/number.ts";
import type { RunStatus } from "../state/runStatus.ts";

export interface StatusBadge {
  tone: "idle" | "busy" | "ok" | "warn" | "error";
  text: string;
}

export function statusBadge(status: RunStatus): StatusBadge {
  switch (status.kind) {
    case "idle":
      return { tone: "idle", text: "Not run yet" };
    case "waiting":
      return { tone: "warn", text: status.missing.length === 1 ? "Needs its loan tape" : "Needs its loan tapes" };
    case "queued":
      return { tone: "busy", text: "Queued" };
    case "running":
      return { tone: "busy", text: "Running" };
    case "done": {
      const time = status.progress ? ` · ${formatDuration(status.progress.elapsedMs)}` : "";
      return { tone: "ok", text: `Done · ${formatCount(status.result.paths)} paths${time}` };
    }
    case "cancelled":
      return { tone: "warn", text: status.result ? `Cancelled — partial result over ${formatCount(status.result.paths)} paths` : "Cancelled" };
    case "stale":
      return { tone: "warn", text: "Stale — edited since this run" };
    case "invalid":
      return { tone: "error", text: status.last ? "Errors — showing the last result" : "Errors" };
    case "failed":
      return { tone: "error", text: "Run failed" };
    default:
      return status satisfies never;
  }
}
