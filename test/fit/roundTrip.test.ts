/**
 * Fit, then run: a performance history made by a plain generator is fitted, and the fitted
 * scenario is run on a loan tape of the history's book at month 24 (each account's state
 * then). The simulated share of that book defaulting within 12 months must agree with what
 * the history shows those accounts did in months 25–36.
 */
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { readPerformance } from "../../src/data/performance.ts";
import { readTape } from "../../src/data/tape.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { fitPerformance } from "../../src/fit/fitPerformance.ts";
import { fitScenarioText } from "../../src/fit/fitScenario.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { bookColumn, mean } from "../engine/helpers.ts";
import { makePanel, type Truth } from "./panel.ts";

const TRUTH: Truth = { miss: 0.03, attrition: 0.01, roll: [0.4, 0.6], stay: [0.1, 0.2] };
const ACCOUNTS = 4000;

describe("fit, then run the fitted scenario on the book's tape", () => {
  it("defaults within a year as the history's accounts did", () => {
    const panel = makePanel(TRUTH, ACCOUNTS, 36, "round trip");
    // The book at month 24 and what each of its accounts did by month 36.
    const state = new Map<string, string>();
    const defaulted = new Set<string>();
    for (const line of panel.trimEnd().split("\n").slice(1)) {
      const [account, month, s] = line.split(",");
      if (Number(month) === 24 && (s === "C" || s.startsWith("D"))) state.set(account, s);
      if (Number(month) > 24 && s === "F") defaulted.add(account);
    }
    const book = [...state.keys()];
    const observed = book.filter((a) => defaulted.has(a)).length / book.length;
    const tape = readTape(["balance,state,paymentsLeft", ...book.map((a) => `100,${state.get(a)},600`)].join("\n"), "book.csv");
    if (!tape.ok) throw new Error(tape.error.lines.join("\n"));

    const read = readPerformance(panel, "panel.csv");
    if (!read.ok) throw new Error("the panel did not read");
    const fit = fitPerformance(read.value.performance);
    const doc = parseDocument(fitScenarioText(fit, "panel.csv"));
    doc.deleteIn(["segments", 0, "accounts"]);
    doc.setIn(["segments", 0, "tape"], "book.csv");
    doc.setIn(["simulation"], { paths: 200, horizonMonths: 12, seed: "round trip" });
    const tapes = { "book.csv": tape.value.tape };
    const parsed = parseScenario(doc.toString(), "fitted.yaml", tapes);
    if (!parsed.ok) throw new Error(parsed.error.map((e) => `${e.path}: ${e.message}`).join("\n"));
    const model = compileModel(parsed.value.variants, tapes);
    const simulated = mean(bookColumn(simulatePaths(model, 0, 200), "defaultRate"));

    // The history's binomial error, plus half the fitted pd's own 95% interval (the fit
    // read the same history), relative to the simulated rate.
    const pd = fit.segments[0].pd;
    const bound = 3 * Math.sqrt((observed * (1 - observed)) / book.length) + (0.5 * (pd.high - pd.low) * simulated) / pd.value;
    expect(Math.abs(simulated - observed)).toBeLessThan(bound);
    expect(simulated).toBeGreaterThan(0.05);
  });
});
