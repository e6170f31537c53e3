/**
 * The reverse stress test's form: the keys it offers are the numbers the text writes (as
 * `--set` key paths, not the run's settings), and each field that cannot be read is named
 * with what it takes, so nothing runs on a half-read question.
 */
import { describe, expect, it } from "vitest";
import { numericKeys, readReverseForm } from "../../../src/ui/state/reverseForm.ts";

const TEXT = `creditlab: 2
simulation: { paths: 100, seed: 4 }
macro:
  shocks:
    - { factor: economy, recession: { start: 1, fall: 6, trough: -2, stay: 6, recover: 12 } }
segments:
  - name: cards
    accounts: 1000
    pd: 0.03
    delinquency: { roll: [0.35, 0.65] }
    product: revolving
sensitivity:
  keys: [{ key: segments.cards.pd, low: 0.02, high: 0.04 }]
`;

describe("the reverse form", () => {
  it("offers every number the text writes, in its order, and none of the run's settings nor a whole number (months, accounts)", () => {
    expect(numericKeys(TEXT, "cell-1.yaml")).toEqual([
      "macro.shocks[0].recession.trough",
      "segments[0].pd",
      "segments[0].delinquency.roll[0]",
      "segments[0].delinquency.roll[1]",
    ]);
    expect(numericKeys("segments: [", "cell-1.yaml")).toEqual([]);
  });

  it("reads a question, the mean when the quantile is empty, numbers with thousands separators", () => {
    const keys = numericKeys(TEXT, "cell-1.yaml");
    expect(readReverseForm({ vary: "segments[0].pd", metric: "netLoss", quantile: " ", reach: "1,500,000", from: "", to: "" }, keys)).toEqual({
      ok: true,
      question: { vary: "segments[0].pd", metric: "netLoss", quantile: null, reach: 1_500_000, between: null },
    });
    expect(readReverseForm({ vary: "macro.shocks[0].recession.trough", metric: "defaultRate", quantile: "0.99", reach: "-1e-1", from: " -3 ", to: "-0.5" }, keys)).toEqual({
      ok: true,
      question: { vary: "macro.shocks[0].recession.trough", metric: "defaultRate", quantile: 0.99, reach: -0.1, between: [-3, -0.5] },
    });
  });

  it("names each field it cannot read", () => {
    const keys = numericKeys(TEXT, "cell-1.yaml");
    const read = readReverseForm({ vary: "simulation.seed", metric: "netloss", quantile: "1", reach: "5%", from: "", to: "" }, keys);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(Object.keys(read.errors).sort()).toEqual(["metric", "quantile", "reach", "vary"]);
    expect(read.errors.quantile).toMatch(/between 0 and 1/);
    for (const reach of ["", "abc", "1.2.3", "Infinity", "NaN", "--1"]) {
      const r = readReverseForm({ vary: "segments[0].pd", metric: "netLoss", quantile: "", reach, from: "", to: "" }, keys);
      expect(r.ok ? "read" : Object.keys(r.errors)).toEqual(["reach"]);
    }
  });

  it("reads the range to search as both ends or neither, low below high", () => {
    const keys = numericKeys(TEXT, "cell-1.yaml");
    const read = (from: string, to: string) => {
      const r = readReverseForm({ vary: "segments[0].pd", metric: "defaultRate", quantile: "", reach: "0.1", from, to }, keys);
      return r.ok ? r.question.between : Object.keys(r.errors).sort();
    };
    expect(read("", " ")).toBeNull();
    expect(read("0.01", "0.2")).toEqual([0.01, 0.2]);
    expect(read("0.01", "")).toEqual(["to"]);
    expect(read("", "0.2")).toEqual(["from"]);
    expect(read("x", "0.2")).toEqual(["from"]);
    expect(read("0.2", "0.2")).toEqual(["to"]);
    expect(read("0.3", "0.2")).toEqual(["to"]);
  });
});
