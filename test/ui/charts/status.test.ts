import { describe, expect, it } from "vitest";
import type { ResultFile } from "../../../src/result/resultFile.ts";
import { banner } from "../../../src/ui/charts/status.ts";
import { statusBadge } from "../../../src/ui/cells/statusBadge.ts";
import type { RunStatus } from "../../../src/ui/state/runStatus.ts";

const result = (partial?: boolean) => ({ paths: 1200, ...(partial ? { partial } : {}) }) as ResultFile;
const progress = { done: 1200, total: 1200, meanLoss: 1, stderrLoss: 0.1, elapsedMs: 12_300 };

// Each row: a status, the banner above the charts, the badge beside the cell's name.
const ROWS: [RunStatus, string | null, string][] = [
  [{ kind: "idle" }, null, "Not run yet"],
  [{ kind: "waiting", missing: ["book.csv"], last: null }, null, "Needs its loan tape"],
  [{ kind: "waiting", missing: ["a.csv", "b.csv"], last: result() }, "Stale: the scenario has changed since this run. Run it again to update the charts.", "Needs its loan tapes"],
  [{ kind: "queued", last: null }, "Waiting for the first paths…", "Queued"],
  [{ kind: "queued", last: result() }, "Waiting for the first paths; until they finish, these charts are from the run before.", "Queued"],
  [{ kind: "running", progress: null, result: null, last: null }, "Waiting for the first paths…", "Running"],
  [{ kind: "running", progress: null, result: null, last: result() }, "Waiting for the first paths; until they finish, these charts are from the run before.", "Running"],
  [{ kind: "running", progress, result: result(true), last: null }, "Running — 1,200 paths so far; the charts fill in as paths finish.", "Running"],
  [{ kind: "done", result: result(), progress }, null, "Done · 1,200 paths · 12.3 s"],
  [{ kind: "done", result: result(true), progress: null }, "Partial result: 1,200 paths.", "Done · 1,200 paths"],
  [{ kind: "cancelled", result: result(true), last: null }, "Partial result: the run was cancelled after 1,200 paths.", "Cancelled — partial result over 1,200 paths"],
  [{ kind: "cancelled", result: null, last: result() }, "Cancelled before any path finished; these charts are from the run before.", "Cancelled"],
  [{ kind: "cancelled", result: null, last: null }, null, "Cancelled"],
  [{ kind: "stale", last: result() }, "Stale: the scenario has changed since this run. Run it again to update the charts.", "Stale — edited since this run"],
  [{ kind: "invalid", errors: [], last: null }, "Not run: the scenario has errors, listed above. It runs once they are fixed.", "Errors"],
  [{ kind: "invalid", errors: [], last: result() }, "Not run again: the scenario has errors, listed above. These charts are from its last run.", "Errors — showing the last result"],
  [{ kind: "failed", message: "m", last: null }, "No result: the run did not finish.", "Run failed"],
  [{ kind: "failed", message: "m", last: result() }, "The last run failed; these charts are from the run before it.", "Run failed"],
];

describe("results banner and cell badge", () => {
  it.each(ROWS)("%j: %s; %s", (status, text, badge) => {
    expect(banner(status)?.text ?? null).toBe(text);
    expect(statusBadge(status).text).toBe(badge);
  });
});
