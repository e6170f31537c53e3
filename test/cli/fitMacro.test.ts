/**
 * `creditlab fit --macro` and `--series` as a user runs them: a performance file drawn with a
 * known macro link (written here, independent of the code under test), the fitted link in
 * the written scenario, which validates and runs; the published rate series of
 * scenarios/data; bad macro files as FILE:ROW:COLUMN lines and exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Phi, PhiInv } from "../../src/math/normal.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { cli } from "./runCli.ts";

const SERIES = new URL("../../scenarios/data/us-card-chargeoffs.csv", import.meta.url).pathname;

/** mulberry32, seeded. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BETA = 0.15;

/**
 * 1,500 accounts over 2021-01…2023-12 (36 months): current accounts miss with probit
 * Φ⁻¹(0.015) + 0.15·(u − 6) + 0.1·Z_t; D1 rolls to D2 with 0.5, D2 to F with 0.6, else cure.
 * Unemployment rises from 4 to 9 and back. Returns the performance and macro file texts.
 */
function files(): { performance: string; macro: string } {
  const u = generator(11);
  const months = 36;
  const unemployment = Array.from({ length: months + 12 }, (_, t) => 6 + 2.5 * Math.sin((t / 48) * 2 * Math.PI - 1));
  const macro = ["month,unemployment", ...unemployment.map((v, t) => `${2020 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")},${v.toFixed(3)}`)];
  const rows = ["account,month,state,balance,limit"];
  const state = new Array<string>(1500).fill("C");
  for (let t = 0; t < months; t++) {
    const label = `${2021 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
    const z = PhiInv(Math.min(1 - 1e-12, Math.max(1e-12, u())));
    const q = Phi(PhiInv(0.015) + BETA * (unemployment[t + 12] - 6) + 0.1 * z);
    for (let a = 0; a < state.length; a++) {
      if (state[a] === "gone") continue;
      rows.push(`${a},${label},${state[a]},1000,5000`);
      if (state[a] === "F") {
        state[a] = "gone";
        continue;
      }
      const r = u();
      state[a] = state[a] === "C" ? (r < q ? "D1" : "C") : state[a] === "D1" ? (r < 0.5 ? "D2" : "C") : r < 0.6 ? "F" : "C";
    }
  }
  return { performance: rows.join("\n") + "\n", macro: macro.join("\n") + "\n" };
}

describe("creditlab fit --macro", () => {
  it("writes each segment's link, with β's interval around the one the data were drawn with; the scenario validates and runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "creditlab-fit-macro-"));
    const { performance, macro } = files();
    writeFileSync(join(dir, "perf.csv"), performance);
    writeFileSync(join(dir, "macro.csv"), macro);
    const out = join(dir, "linked.yaml");
    const ran = await cli(["fit", join(dir, "perf.csv"), "--macro", join(dir, "macro.csv"), "--out", out]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/macro link of segment book .*: 35 months/);
    const text = readFileSync(out, "utf8");
    expect(parseScenario(text, out).ok).toBe(true);
    const seg = parse(text).segments[0];
    expect(seg.link.terms).toEqual([{ variable: "unemployment", beta: expect.any(Number), lag: 0, change: 0 }]);
    // The interval from the comment on β: it must hold the β the data were drawn with.
    const interval = /unemployment: 95% \[(-?[\d.e-]+), (-?[\d.e-]+)\]/.exec(text)!;
    expect(Number(interval[1])).toBeLessThan(BETA);
    expect(Number(interval[2])).toBeGreaterThan(BETA);
    expect(seg.missRate).toBeGreaterThan(0);
    expect(seg.pd).toBeUndefined();
    const run = await cli(["run", out, "--paths", "20", "--workers", "1", "--json"]);
    expect(run.code).toBe(0);
  });

  it("a macro file that does not cover the months, or a bad term, is an error line; exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "creditlab-fit-macro-"));
    const { performance } = files();
    writeFileSync(join(dir, "perf.csv"), performance);
    const short = join(dir, "short.csv");
    writeFileSync(short, "month,unemployment\n2021-06,5\n2021-07,5\n");
    const ran = await cli(["fit", join(dir, "perf.csv"), "--macro", short]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(`${short}:2:month: the file covers 2021-06…2021-07, not segment "book"'s months; allowed: rows from 2021-01 (its first month) to 2023-11\n`);
    const term = await cli(["fit", join(dir, "perf.csv"), "--macro", short, "--terms", "gdp"]);
    expect(term.code).toBe(2);
    expect(term.stderr).toMatch(/^creditlab: --terms: "gdp" is not a column of .*short\.csv; allowed: /);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "month,unemployment\n2021-01,5\n2021-02,x\n");
    const row = await cli(["fit", join(dir, "perf.csv"), "--macro", bad]);
    expect(row).toEqual({ code: 2, stdout: "", stderr: `${bad}:3:unemployment: "x" is not a number; allowed: a plain number (a missing value is not filled in: leave the period out of the file)\n` });
  });
});

describe("creditlab fit --series", () => {
  it("fits the published charge-off series and writes a scenario that validates", async () => {
    const ran = await cli(["fit", SERIES, "--series", "--terms", "unemployment,unemployment:change12:lag3"]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/# creditlab fit .* --series: the rate's link, 1986-Q2…2006-Q2: 81 quarters/);
    expect(parseScenario(ran.stdout, "stdout").ok).toBe(true);
    const seg = parse(ran.stdout).segments[0];
    expect(seg.link.terms.map((t: { lag: number; change: number }) => [t.lag, t.change])).toEqual([
      [0, 0],
      [3, 12],
    ]);
  });
});
