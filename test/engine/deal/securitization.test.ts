/**
 * The scenario's `securitization` end to end: the deal runs after each path on its pool's
 * flows, its notes' columns add up path by path (principal paid + loss + balance left =
 * original balance, the notes' originals = the investor interest), subordination orders
 * the notes' losses, the `tranches` loss layers are untouched by a deal beside them, and
 * the rules name the key and what is allowed.
 */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../src/scenario/parse.ts";
import { compileModel } from "../../../src/engine/model.ts";
import { simulatePaths } from "../../../src/engine/simulate.ts";
import { dealColumn, periodWidth } from "../../../src/engine/layout.ts";
import { noteOffset } from "../../../src/engine/deal/columns.ts";
import { ratingBand } from "../../../src/result/ratingBands.ts";
import { resultOf } from "../helpers.ts";
import { errorsOf, expectAt, onlyError } from "../../scenario/helpers.ts";
import { mergeChunks } from "../../../src/result/mergeChunks.ts";
import { liveValue } from "../../../src/result/liveValue.ts";
import { readInline } from "../../../src/notebook/liveValues.ts";
import { noteTable } from "../../../src/cli/summaryTables.ts";

const PATHS = 60;
const book = `creditlab: 2
name: a card trust
simulation: { paths: ${PATHS}, horizonMonths: 24, seed: trust }
macro:
  shocks: [{ factor: economy, recession: { start: 3, fall: 3, trough: -2, stay: 6, recover: 6 } }]
segments:
  - { name: cards, accounts: 2000, pd: 0.05, correlation: 0.08, apr: 0.24, limit: { median: 3000, sigma: 0.4 }, utilization: 0.6, ccf: 0.7, lgd: { mean: 0.85, sd: 0.1 } }
tranches:
  - { name: first loss, attach: 0, detach: 0.06 }
  - { name: senior, attach: 0.06, detach: 1 }
`;
const deal = `securitization:
  kind: masterTrust
  investedShare: 0.8
  revolvingMonths: 6
  principal: sequential
  servicingFee: 0.02
  notes:
    - { name: A, size: 0.8, coupon: 0.04 }
    - { name: B, size: 0.12, coupon: 0.06 }
    - { name: C, size: 0.08, coupon: 0.09 }
  reserve: { initial: 0.01, target: 0.02 }
  triggers: { excessSpread: 0, cumulativeDefaults: 0.15 }
`;

function run(text: string) {
  const parsed = parseScenario(text, "trust.yaml");
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join("\n"));
  const model = compileModel(parsed.value.variants);
  const chunk = simulatePaths(model, 0, PATHS);
  return { model, chunk, result: resultOf(model, chunk) };
}

describe("a master trust on a card book", () => {
  const { model, chunk, result } = run(book + deal);
  const T = model.periods;
  const W = periodWidth(model.layout);
  const first = dealColumn(model.layout);
  const at = (j: number, k: number, what: "interest" | "principal" | "loss" | "balance", t: number) => chunk.variants[0].periods[(j * T + t - 1) * W + first + noteOffset(k, what)];

  it("pays each note back what it lent, written down or still owed, on every path", () => {
    for (let j = 0; j < PATHS; j++) {
      // The pool at closing, from the notes' own columns: Σ originals = 0.8 × the start balance.
      let originals = 0;
      for (let k = 0; k < 3; k++) {
        let paid = 0;
        let lost = 0;
        for (let t = 1; t <= T; t++) {
          paid += at(j, k, "principal", t);
          lost += at(j, k, "loss", t);
          expect(at(j, k, "balance", t)).toBeGreaterThanOrEqual(-1e-9);
        }
        const original = paid + lost + at(j, k, "balance", T);
        originals += original;
        // While the trust revolves (6 months) and no trigger has hit, no principal is paid: the balance is the original less write-downs.
        let written = 0;
        for (let t = 1; t <= 6 && chunk.variants[0].periods[(j * T + t - 1) * W + first + 3] === 0; t++) {
          written += at(j, k, "loss", t);
          expect(at(j, k, "principal", t)).toBe(0);
          expect(at(j, k, "balance", t)).toBeCloseTo(original - written, 6);
        }
      }
      // Sizes 0.8, 0.12, 0.08 of the investor interest: A's original is 0.8 of the notes'.
      let a = 0;
      for (let t = 1; t <= T; t++) a += at(j, 0, "principal", t) + at(j, 0, "loss", t);
      expect((a + at(j, 0, "balance", T)) / originals).toBeCloseTo(0.8, 12);
    }
  });

  it("reports each note, the junior losing at least as often and as much as the senior", () => {
    const notes = result.variants[0].notes!;
    expect(Object.keys(notes)).toEqual(["A", "B", "C"]);
    expect(notes.C.probabilityOfLoss).toBeGreaterThanOrEqual(notes.B.probabilityOfLoss);
    expect(notes.B.probabilityOfLoss).toBeGreaterThanOrEqual(notes.A.probabilityOfLoss);
    expect(notes.C.expectedLoss).toBeGreaterThanOrEqual(notes.B.expectedLoss);
    expect(notes.B.expectedLoss).toBeGreaterThanOrEqual(notes.A.expectedLoss);
    for (const n of Object.values(notes)) {
      expect(n.rating).toBe(ratingBand(n.expectedLoss, 2));
      expect(n.wal.mean).toBeGreaterThan(0);
      expect(n.wal.mean).toBeLessThanOrEqual(2 + 1e-12);
    }
    // The deal's state by period: a share of paths, and a reserve that never goes below 0.
    for (const p of result.variants[0].periods) {
      expect(p.deal!.triggered.mean).toBeGreaterThanOrEqual(0);
      expect(p.deal!.triggered.mean).toBeLessThanOrEqual(1);
      expect(p.deal!.reserve.p5).toBeGreaterThanOrEqual(0);
    }
  });

  it("gives the same notes from two shards merged as from one run", () => {
    const merged = mergeChunks([simulatePaths(model, 0, 25), simulatePaths(model, 25, PATHS)]);
    expect(resultOf(model, merged).variants[0].notes).toEqual(result.variants[0].notes);
  });

  it("reads a note's figures as live values and prints them in the command line's note table", () => {
    const spec = (text: string) => {
      const inline = readInline(text);
      if (inline.kind !== "value") throw new Error(JSON.stringify(inline));
      return inline.spec;
    };
    const C = result.variants[0].notes!.C;
    const el = liveValue(result, spec("cell:x note:C metric:expectedLoss"));
    expect(el.ok && el.value).toBe(C.expectedLoss);
    const wal = liveValue(result, spec("cell:x note:A metric:wal stat:p95"));
    expect(wal.ok && wal.value).toBe(result.variants[0].notes!.A.wal.quantiles["0.95"]);
    const band = liveValue(result, spec("cell:x note:C metric:rating"));
    expect(band.ok && band.text).toBe(C.rating);
    const hit = liveValue(result, spec("cell:x metric:triggered period:24"));
    expect(hit.ok && hit.value).toBe(result.variants[0].periods[23].deal!.triggered.mean);
    const wrong = liveValue(result, spec("cell:x note:D metric:loss"));
    expect(wrong.ok ? "" : wrong.message).toBe('note "D" is not in the result; allowed: A, B, C');
    const lines = noteTable(result.variants[0]).join("\n");
    for (const name of ["A", "B", "C", C.rating]) expect(lines).toContain(name);
  });

  it("leaves the tranches' loss layers as they are without a deal", () => {
    const plain = run(book).result.variants[0].tranches;
    expect(result.variants[0].tranches).toEqual(plain);
    expect(run(book).result.variants[0].notes).toBeUndefined();
  });
});

describe("the securitization's rules", () => {
  const base = "creditlab: 2\nsegments:\n  - { name: cards, accounts: 100, pd: 0.02 }\n";

  it("the notes' sizes sum to 1", () => {
    const text = `${base}securitization:\n  notes:\n    - { name: A, size: 0.8 }\n    - { name: B, size: 0.1 }\n`;
    const e = onlyError(text);
    expectAt(e, "securitization.notes", text, "- { name: A");
    expect(e.message).toBe("the notes' sizes sum to 0.9; allowed: sizes (shares of the investor interest) summing to 1, e.g. an equity note for the rest");
  });

  it("note names are unique", () => {
    const text = `${base}securitization:\n  notes:\n    - { name: A, size: 0.5 }\n    - { name: A, size: 0.5 }\n`;
    const e = onlyError(text);
    expect(e.path).toBe("securitization.notes[1].name");
    expect(e.message).toContain("allowed: a name no other note has");
  });

  it("an amortizing deal does not revolve, and a revolving period ends on a period's end", () => {
    const text = `creditlab: 2\nsimulation: { periodMonths: 3 }\nsegments:\n  - { name: cards, accounts: 100, pd: 0.02 }\nsecuritization:\n  kind: amortizing\n  revolvingMonths: 4\n  notes: [{ name: A, size: 1 }]\n`;
    const messages = errorsOf(text).map((e) => `${e.path}: ${e.message}`);
    expect(messages).toContain("securitization.revolvingMonths: 4 is not a multiple of periodMonths (3); allowed: a multiple of 3");
    expect(messages).toContain("securitization.revolvingMonths: an amortizing deal does not revolve; allowed: kind: masterTrust with revolvingMonths, or leave revolvingMonths out");
  });

  it("an unknown kind names what is allowed", () => {
    const text = `${base}securitization:\n  kind: cdo\n  notes: [{ name: A, size: 1 }]\n`;
    const e = onlyError(text);
    expect(e.path).toBe("securitization.kind");
    expect(e.message).toContain("masterTrust");
    expect(e.message).toContain("amortizing");
  });
});
