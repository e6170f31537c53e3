/**
 * A securitization on the real command line (`node bin/creditlab.js`, built first): `run`
 * prints the note table and the result file holds each note; a deal whose notes do not add
 * up is refused before any simulation with FILE:LINE:COL, the key and what is allowed, and
 * exit status 2.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./runCli.ts";

const DEAL = `creditlab: 2
name: A small card trust
simulation: { paths: 30, horizonMonths: 12, seed: trust, balanceSheet: static }
segments:
  - { name: cards, accounts: 500, pd: 0.04, apr: 0.22, limit: { median: 3000 } }
securitization:
  revolvingMonths: 6
  notes:
    - { name: senior, size: 0.85, coupon: 0.04 }
    - { name: junior, size: 0.15, coupon: 0.08 }
  reserve: { initial: 0.01, target: 0.02 }
  triggers: { excessSpread: 0 }
`;
const BAD = DEAL.replace("size: 0.15", "size: 0.1");

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-deal-"));
  await writeFile(join(dir, "deal.yaml"), DEAL);
  await writeFile(join(dir, "bad.yaml"), BAD);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("creditlab run with a securitization", () => {
  it("prints a note table and writes each note to the result file", async () => {
    const out = join(dir, "result.json");
    const { code, stdout, stderr } = await cli(["run", join(dir, "deal.yaml"), "--workers", "1", "--out", out]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/note\s+balance\s+interest\s+principal\s+P\(loss\)\s+exp\. loss\s+WAL \(y\)\s+band/);
    expect(stdout).toMatch(/\n\s+senior\s/);
    const result = JSON.parse(await readFile(out, "utf8"));
    expect(Object.keys(result.variants[0].notes)).toEqual(["senior", "junior"]);
    expect(result.variants[0].periods[11].deal.notes.senior.mean).toBeGreaterThanOrEqual(0);
  });

  it("refuses notes that do not add up to the investor interest, naming the place and what is allowed", async () => {
    const file = join(dir, "bad.yaml");
    const { code, stdout, stderr } = await cli(["run", file, "--workers", "1"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    // The notes' list starts on line 9, column 5 of the file.
    expect(stderr.trimEnd()).toBe(`${file}:9:5: securitization.notes: the notes' sizes sum to 0.95; allowed: sizes (shares of the investor interest) summing to 1, e.g. an equity note for the rest`);
  });
});
