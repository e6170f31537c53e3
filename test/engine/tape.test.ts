/**
 * A segment whose accounts come from a loan tape (INTERFACE.md "Loan tape"): the book is
 * the tape's rows, account by account. Checked against sums over the rows computed here.
 */
import { describe, expect, it } from "vitest";
import { readTape, type Tape } from "../../src/data/tape.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { bookColumn, mean, periodColumn } from "./helpers.ts";

function tapeOf(csv: string): Tape {
  const read = readTape(csv, "book.csv");
  if (!read.ok) throw new Error(read.error.lines.join("\n"));
  return read.value.tape;
}

function run(scenario: object, tape: Tape, paths = 4) {
  const tapes = { "book.csv": tape };
  const parsed = parseScenario(JSON.stringify({ creditlab: 2, ...scenario }), "tape.json", tapes);
  if (!parsed.ok) throw new Error(parsed.error.map((e) => `${e.path}: ${e.message}`).join("\n"));
  const model = compileModel(parsed.value.variants, tapes);
  return { model, chunk: simulatePaths(model, 0, paths) };
}

const lines = (n: number, row: (j: number) => string, header: string) => [header, ...Array.from({ length: n }, (_, j) => row(j))].join("\n");

describe("a loan tape", () => {
  it("is the book: its accounts are the rows and its exposure the sum of their EAD bases", () => {
    const csv = lines(300, (j) => `${1000 + j},${3000 + 7 * j}`, "balance,limit");
    const { chunk } = run(
      { simulation: { paths: 4, horizonMonths: 12 }, segments: [{ name: "lines", tape: "book.csv", pd: 0.02, ccf: 0.4 }] },
      tapeOf(csv),
    );
    let exposure = 0;
    for (let j = 0; j < 300; j++) exposure += 1000 + j + 0.4 * (3000 + 7 * j - (1000 + j));
    for (const e of bookColumn(chunk, "exposure")) expect(e).toBeCloseTo(exposure, 6);
    expect(bookColumn(chunk, "accounts")).toEqual(Float64Array.of(300, 300, 300, 300));
  });

  it("of certain defaults loses its balances, row by row", () => {
    const csv = lines(200, (j) => `${500 + 13 * j},${500 + 13 * j},0.999999`, "balance,limit,pd");
    let balances = 0;
    for (let j = 0; j < 200; j++) balances += 500 + 13 * j;
    const { chunk } = run(
      {
        simulation: { paths: 4, horizonMonths: 24 },
        segments: [{ name: "lost", tape: "book.csv", ccf: 0, apr: 0, lateFee: 0, delinquency: { roll: [] }, lgd: { mean: 1, sd: 0 } }],
      },
      tapeOf(csv),
    );
    for (const loss of bookColumn(chunk, "netLoss")) expect(loss).toBeCloseTo(balances, 6);
  });

  it("gives each credit line its own APR: interest is Σ balance · apr/12 · months when none misses", () => {
    const csv = lines(100, (j) => `${2000 + j},${5000},${(0.1 + j / 1000).toFixed(3)}`, "balance,limit,apr");
    const { chunk } = run(
      { simulation: { paths: 2, horizonMonths: 12 }, segments: [{ name: "lines", tape: "book.csv", missRate: 1e-12, apr: 0.3 }] },
      tapeOf(csv),
    );
    let interest = 0;
    for (let j = 0; j < 100; j++) interest += (2000 + j) * (Number((0.1 + j / 1000).toFixed(3)) / 12) * 12;
    for (const x of bookColumn(chunk, "interestIncome")) expect(x).toBeCloseTo(interest, 6);
  });

  it("pays off each loan on its own payments left: interest of a level annuity, then nothing on the book", () => {
    const rows = [6, 3, 9, 12];
    const csv = lines(4, (j) => `10000,${rows[j]}`, "balance,paymentsLeft");
    const { chunk, model } = run(
      { simulation: { paths: 1, horizonMonths: 12 }, segments: [{ name: "loans", tape: "book.csv", product: "instalment", missRate: 1e-12, apr: 0.12, termMonths: 24 }] },
      tapeOf(csv),
    );
    // By hand: payment P = B·r/(1 − (1+r)^−n); interest = n·P − B.
    const r = 0.01;
    const interest = rows.reduce((sum, n) => sum + n * ((10000 * r) / (1 - (1 + r) ** -n)) - 10000, 0);
    expect(bookColumn(chunk, "interestIncome")[0]).toBeCloseTo(interest, 6);
    // Every loan is repaid by month 12: nothing left on the book at the end.
    const balance = periodColumn(model, chunk, model.periods, periodColumns(model.layout).indexOf("balance"))[0];
    expect(balance).toBeCloseTo(0, 6);
  });

  it("starts accounts in the states its rows give: F rows are in work-out, outside the horizon's accounts", () => {
    const csv = lines(90, (j) => `1000,2000,${["C", "D1", "D2", "F"][j % 3 === 0 ? 0 : j % 3 === 1 ? 1 : j < 45 ? 2 : 3]}`, "balance,limit,state");
    const { chunk } = run(
      { simulation: { paths: 2, horizonMonths: 6 }, segments: [{ name: "seasoned", tape: "book.csv", pd: 0.02, delinquency: { roll: [0.4, 0.6] } }] },
      tapeOf(csv),
    );
    // 90 rows: 30 C, 30 D1, 15 D2, 15 F.
    expect(mean(bookColumn(chunk, "accounts"))).toBe(75);
  });

  it("has its problems placed at the segment's tape key, with what is allowed", () => {
    const tapes = { "book.csv": tapeOf(lines(3, () => "1000", "balance")) };
    const text = `creditlab: 2\nsegments:\n  - name: lines\n    tape: book.csv\n    pd: 0.02\n    delinquency: { roll: [] }\n`;
    const parsed = parseScenario(text, "s.yaml", tapes);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.map((e) => [e.path, e.line])).toEqual([["segments[0].tape", 4]]);
    expect(parsed.error[0].message).toBe("3 rows of a credit-line tape have no limit; allowed: a limit on every row of a revolving segment's tape");
  });
});
