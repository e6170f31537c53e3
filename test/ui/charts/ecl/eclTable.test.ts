/**
 * The stage table of the ECL view: totals and coverage from hand-added figures, the
 * weighted whole first, and the words of the view's state for each way a run can end.
 */
import { describe, expect, it } from "vitest";
import { blockRows, eclTableData, type EclBlock } from "../../../../src/ui/charts/ecl/eclTable.ts";
import { eclBlocks, eclState, eclSubtitle } from "../../../../src/ui/charts/ecl/eclReport.ts";
import { provisioningSchema } from "../../../../src/scenario/schema.ts";
import type { EclReport } from "../../../../src/run/workerApi.ts";

const stages = (k: number) => ({
  "1": { accounts: 900, exposure: 9e6 * k, ecl: 9e4 * k },
  "2": { accounts: 80, exposure: 8e5 * k, ecl: 1.2e5 * k },
  "3": { accounts: 20, exposure: 2e5 * k, ecl: 1.4e5 * k },
});

const report: EclReport = {
  standard: "ifrs9",
  ecl: 0.5 * 3.5e5 + 0.5 * 7e5,
  stages: stages(1.5),
  scenarios: [
    { name: "base", weight: 0.5, ecl: 3.5e5, stages: stages(1) },
    { name: "downside", weight: 0.5, ecl: 7e5, stages: stages(2) },
  ],
  rows: [],
  notes: ["a note of the engine"],
};

describe("the stage table", () => {
  it("adds the stages up and divides ECL by exposure", () => {
    const block: EclBlock = { name: "base", weight: 0.5, stages: stages(1), ecl: 3.5e5 };
    const rows = blockRows(block);
    expect(rows.map((r) => r.stage)).toEqual(["1", "2", "3", "all"]);
    expect(rows[3]).toMatchObject({ accounts: 1000, exposure: 1e7, ecl: 3.5e5 });
    expect(rows[0].coverage).toBeCloseTo(0.01, 15);
    expect(rows[1].coverage).toBeCloseTo(0.15, 15);
    expect(rows[2].coverage).toBeCloseTo(0.7, 15);
    expect(rows[3].coverage).toBeCloseTo(0.035, 15);
  });

  it("shows no coverage for a stage with no exposure", () => {
    const empty = { accounts: 0, exposure: 0, ecl: 0 };
    const rows = blockRows({ name: "x", weight: 1, stages: { "1": stages(1)["1"], "2": empty, "3": empty }, ecl: 9e4 });
    expect(rows[1].coverage).toBeNull();
  });

  it("puts the weighted whole first, then each scenario (none for a single one), one export row a scenario and stage", () => {
    const blocks = eclBlocks(report);
    expect(blocks.map((b) => [b.name, b.weight, b.ecl])).toEqual([
      ["Weighted", null, 5.25e5],
      ["base", 0.5, 3.5e5],
      ["downside", 0.5, 7e5],
    ]);
    expect(eclBlocks({ ...report, scenarios: [{ ...report.scenarios[0], weight: 1 }] }).map((b) => b.name)).toEqual(["Weighted"]);
    const table = eclTableData(blocks);
    expect(table.rows).toHaveLength(3 * 4);
    expect(table.rows[3]).toEqual(["Weighted", null, "All stages", 1000, 1.5e7, 5.25e5, 5.25e5 / 1.5e7]);
  });
});

describe("the view's state", () => {
  const p = provisioningSchema.parse({ scenarios: { base: 0.5, downside: 0.5 } });

  it("says what was computed, with the standard's horizons and the discounting", () => {
    expect(eclSubtitle(p)).toBe(
      "The book at the start. IFRS 9: 12 months for stage 1, the remaining life for stages 2 and 3; discounted at each account's APR. Stage 2 from 30 days past due, stage 3 from 90.",
    );
    expect(eclSubtitle(provisioningSchema.parse({ standard: "cecl", discount: { rate: 0.05 } }))).toMatch(/^The book at the start\. CECL: lifetime loss on every account; discounted at 5% a year\./);
  });

  it("is the report once there, a wait while the run goes, and the reason otherwise", () => {
    const done = eclState({ ok: true, value: report }, p, false);
    expect(done.kind === "done" && done.notes.at(-1)).toBe("a note of the engine");
    expect(done.kind === "done" && done.byScenario).toEqual({ base: 3.5e5, downside: 7e5 });
    expect(eclState(null, p, true)).toEqual({ kind: "computing" });
    expect(eclState(null, p, false).kind).toBe("absent");
    expect(eclState({ ok: false, error: "no tape" }, p, false)).toEqual({ kind: "failed", message: "no tape" });
  });
});
