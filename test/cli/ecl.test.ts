/**
 * `creditlab ecl` on the built command line: a loan tape whose ECL is written out here in
 * closed form (one state, ρ = 0), the JSON's totals, the per-row CSV, and the errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { csvParse } from "d3";
import { cli } from "./runCli.ts";

let dir = "";
const PD = 0.06;
const LGD = 0.55;
const APR = 0.18;
// balance, state, paymentsLeft, apr of each row
const ROWS: [number, string, number, number][] = [
  [1000, "C", 24, 0.18],
  [2500, "C", 6, 0.18],
  [1800, "C", 30, 0.18], // a cash-loan segment has one APR (the tape's rule)
  [900, "F", 1, 0.18],
];

const scenario = (provisioning: string) => `creditlab: 2
segments:
  - name: loans
    tape: book.csv
    product: instalment
    pd: ${PD}
    correlation: 0
    apr: ${APR}
    delinquency: { roll: [] }
    lgd: { mean: ${LGD}, sd: 0 }
variants:
  - name: same
    description: the base again
${provisioning}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-ecl-"));
  await writeFile(join(dir, "book.csv"), "balance,state,paymentsLeft,apr\n" + ROWS.map((r) => r.join(",")).join("\n") + "\n");
  await writeFile(join(dir, "ecl.yaml"), scenario("provisioning:\n  standard: ifrs9\n  scenarios: { base: 0.25, same: 0.75 }\n"));
  await writeFile(join(dir, "none.yaml"), scenario(""));
  await writeFile(join(dir, "bad.yaml"), scenario("provisioning:\n  scenarios: { base: 0.5, downturn: 0.4 }\n"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * 12-month ECL of a current loan with n payments left, one state (a miss is a default):
 * Σ_{t ≤ min(12, n)} (1 − h)^(t−1)·h·LGD·B_t/(1 + r_d)^t, h from 1 − (1 − h)^12 = PD, B_t the
 * balance after t − 1 payments of the annuity at the segment's APR, r_d the row's APR / 12.
 */
function closedForm(balance: number, n: number, rowApr: number): number {
  const h = 1 - (1 - PD) ** (1 / 12);
  const i = APR / 12;
  const payment = (balance * i) / (1 - (1 + i) ** -n);
  let b = balance;
  let sum = 0;
  for (let t = 1; t <= Math.min(12, n); t++) {
    sum += (1 - h) ** (t - 1) * h * LGD * b / (1 + rowApr / 12) ** t;
    b = b * (1 + i) - payment;
  }
  return sum;
}

describe("creditlab ecl", () => {
  it("gives each row its closed-form ECL, stage 3 at LGD × balance, and the totals", async () => {
    const out = join(dir, "rows.csv");
    const ran = await cli(["ecl", join(dir, "ecl.yaml"), "--json", "--accounts", out]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    const json = JSON.parse(ran.stdout);
    const rows = csvParse(await readFile(out, "utf8"));
    expect(rows.length).toBe(ROWS.length);
    ROWS.forEach(([balance, state, n, apr], j) => {
      const expected = state === "F" ? LGD * balance : closedForm(balance, n, apr);
      expect(Math.abs(Number(rows[j].ecl) - expected)).toBeLessThan(1e-9 * balance);
      expect(rows[j].stage).toBe(state === "F" ? "3" : "1");
    });
    const total = rows.reduce((s, r) => s + Number(r.ecl), 0);
    expect(json.ecl).toBeCloseTo(total, 8);
    expect(json.stages["3"]).toEqual({ accounts: 1, exposure: 900, ecl: LGD * 900 });
    expect(json.stages["1"].accounts).toBe(3);
    expect(json.scenarios.map((s: { name: string; weight: number }) => [s.name, s.weight])).toEqual([["base", 0.25], ["same", 0.75]]);
  });

  it("prints the stage table per scenario and weighted", async () => {
    const ran = await cli(["ecl", join(dir, "ecl.yaml")]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("weighted: ECL");
    expect(ran.stdout).toContain("stage 3");
    expect(ran.stdout).toContain("coverage");
  });

  it("refuses a scenario without provisioning, and weights of an unknown variant, with exit 2", async () => {
    const none = await cli(["ecl", join(dir, "none.yaml")]);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split("\n")).toHaveLength(1);
    expect(none.stderr).toContain("provisioning");
    const bad = await cli(["ecl", join(dir, "bad.yaml")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('provisioning.scenarios.downturn: "downturn" is not a variant of the scenario; allowed: base or same');
    expect(bad.stderr).toContain("the weights sum to");
  });
});
