import { describe, expect, it } from "vitest";
import { readPerformance } from "../../src/data/performance.ts";
import { fitPerformance } from "../../src/fit/fitPerformance.ts";
import { fitChunks } from "../../src/fit/fitView.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { makePanel } from "./panel.ts";

describe("the notebook's view of a fit", () => {
  it("streams chunks into the same fit as the whole text, with its scenario and back-test series", async () => {
    const text = makePanel({ miss: 0.03, attrition: 0.01, roll: [0.5], stay: [0.1] }, 800, 14, "view");
    const pieces = text.match(/[\s\S]{1,997}/g)!;
    const view = await fitChunks(pieces, "panel.csv");
    if (view.kind !== "fitted") throw new Error(view.lines.join("\n"));
    const read = readPerformance(text, "panel.csv");
    if (!read.ok) throw new Error("panel did not read");
    const direct = fitPerformance(read.value.performance).segments[0];
    const series = view.backtests[0];
    expect(series.observed).toEqual(direct.backtest.months.map((m) => m.defaults.observed));
    expect(series.fitted).toEqual(direct.backtest.months.map((m) => m.defaults.fitted));
    expect(series.months[0]).toBe(String(direct.counts.firstMonth));
    expect(parseScenario(view.scenario, "view.yaml").ok).toBe(true);
    expect(view.scenario).toMatch(/correlation: 0.04 # not estimated \(fewer than 24 months of transitions\): the default/);
  });

  it("a file with errors gives its lines, a file with no month-to-month pair says why", async () => {
    const bad = await fitChunks(["account,month,state,balance\na,1,Q,1\n"], "bad.csv");
    expect(bad).toEqual({ kind: "errors", lines: ['bad.csv:2:state: "Q" is not a state; allowed: C, D1 … D12, F, P'] });
    const single = await fitChunks(["account,month,state,balance\na,1,C,1\nb,1,C,1\n"], "one.csv");
    expect(single.kind === "errors" && single.lines[0]).toBe(
      "one.csv:2:segment: segment \"book\" is not fitted: no account is seen a month after being in C; allowed: each state followed, for some account, by that account's row of the next month",
    );
  });
});
