import { describe, expect, it } from "vitest";
import type { ResultFile } from "../../../src/result/resultFile.ts";
import { banner, dimmed, type ResultsStatus } from "../../../src/ui/charts/status.ts";

const result = (partial?: boolean) => ({ paths: 1200, ...(partial ? { partial } : {}) }) as ResultFile;

describe("results status", () => {
  it.each([
    ["idle", null, null],
    ["running", null, "Waiting for the first paths…"],
    ["error", null, "No result: the run did not finish."],
    ["invalid", null, "Not run: the scenario has errors, listed above. It runs once they are fixed."],
    ["invalid", result(), "Not run again: the scenario has errors, listed above. These charts are from its last run."],
    ["running", result(true), "Running — 1,200 paths so far; the charts fill in as paths finish."],
    ["done", result(), null],
    ["done", result(true), "Partial result: 1,200 paths."],
    ["cancelled", result(true), "Partial result: the run was cancelled after 1,200 paths."],
    ["stale", result(), "Stale: the scenario has changed since this run. Run it again to update the charts."],
    ["error", result(), "The last run failed; these charts are from the run before it."],
  ] as [ResultsStatus, ResultFile | null, string | null][])("%s with %j says %s", (status, r, text) => {
    expect(banner(status, r)?.text ?? null).toBe(text);
  });

  it.each([
    ["stale", true],
    ["error", true],
    ["invalid", true],
    ["running", false],
    ["cancelled", false],
    ["done", false],
  ] as [ResultsStatus, boolean][])("%s dims the charts: %s", (status, dim) => {
    expect(dimmed(status)).toBe(dim);
  });
});
