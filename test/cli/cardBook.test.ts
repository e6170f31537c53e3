/**
 * The command line on two small credit-card books whose new figures follow by hand from
 * the model (MODEL.md section 8, docs/model.md): transactors that never miss, whose
 * merchant fees and operating cost are fixed sums and who pay no interest; and a riskier
 * book whose loss past the horizon has the one-state closed form.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultFile } from "../../src/result/resultFile.ts";
import { cli } from "./runCli.ts";

const ACCOUNTS = 500;
const MONTHS = 6;
const LIMIT = 4000;
const PURCHASES = 0.25;

/** Every line a transactor (share 0, never switching): it repays its statement in full each month. */
const book = (name: string, pd: number, extra: string) => `creditlab: 2
name: ${name}
simulation: { paths: 40, horizonMonths: ${MONTHS}, seed: 11 }
segments:
  - name: cards
    accounts: ${ACCOUNTS}
    start: current
    pd: ${pd}
    apr: 0.2
    limit: { median: ${LIMIT} }
    utilization: 0.3
    ccf: 0.5
    lgd: { mean: 0.6 }
    delinquency: { roll: [], stay: [] }
    revolvers: { share: 0, toRevolve: 0, toTransact: 0 }
    purchases: ${PURCHASES}
    interchange: 0.01
${extra}`;

const SAFE = book("Transactors", 1e-7, "policy:\n  costs: { perAccountMonth: 2 }\n");
// No correlation: the hazard of a pd is then 1 − (1 − pd)^(1/12) whatever the economy's persistence.
// Written off at default, so that no default's loss is still pending at the horizon (it would join the
// loss past the horizon, docs/model.md §6.1): the loss past the horizon is the open lines' alone.
const RISKY = book("Risky transactors", 0.1, "    remainingLifeMonths: 24\n    correlation: 0\n    chargeOffMonths: 0\n");

let dir: string;
const run = async (name: string, text: string, json: boolean) => {
  const file = join(dir, name);
  await writeFile(file, text);
  const ran = await cli(["run", file, "--workers", "1", ...(json ? ["--json"] : [])]);
  expect(ran.stderr).toBe("");
  expect(ran.code).toBe(0);
  return ran.stdout;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-card-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("creditlab run on a card book", () => {
  it("earns interchange on every month's purchases, pays the operating cost of every line, and no interest from transactors", async () => {
    const result = JSON.parse(await run("safe.yaml", SAFE, true)) as ResultFile;
    const { book: b, periods } = result.variants[0];
    // No line misses a payment (a monthly hazard near 1e-8 over 20,000 line-months).
    expect(b.defaults.max).toBe(0);
    // 500 lines × 6 months × 1% of purchases of 25% of a 4,000 limit; 500 × 6 × 2 of cost.
    expect(b.merchantFeeIncome.min).toBeCloseTo(ACCOUNTS * MONTHS * 0.01 * PURCHASES * LIMIT, 6);
    expect(b.merchantFeeIncome.max).toBeCloseTo(30_000, 6);
    expect(b.operatingCost).toMatchObject({ min: ACCOUNTS * MONTHS * 2, max: 6000 });
    expect(b.interestIncome.max).toBe(0);
    expect(b.instalmentFeeIncome.max).toBe(0);
    expect(b.acquisitionCost.max).toBe(0);
    expect(b.profit.mean).toBeCloseTo(30_000 - 6000, 6);
    expect(periods.every((p) => p.revolverShare !== undefined && p.revolverShare.p95 === 0)).toBe(true);

    const text = await run("safe.yaml", SAFE, false);
    const rows = text.split("\n").map((l) => l.split(/ {2,}/)[1]);
    expect(rows).toContain("merchant fees");
    expect(rows).toContain("operating cost");
    expect(rows).not.toContain("instalment fees");
    expect(rows).not.toContain("acquisition cost");
  });

  it("expects the loss past the horizon of the lines left: LGD × EAD × (1 − (1 − h)^n) each", async () => {
    const result = JSON.parse(await run("risky.yaml", RISKY, true)) as ResultFile;
    const { book: b, segments } = result.variants[0];
    // With roll [] a first miss is the default: h = 1 − 0.9^(1/12), and over 24 months
    // PD = 1 − (1 − h)^24 = 1 − 0.9² = 0.19. A transactor's balance at the horizon is that
    // month's purchases, 1,000: EAD = 1,000 + 0.5 × 3,000 = 2,500.
    const perLine = 0.6 * (PURCHASES * LIMIT + 0.5 * (1 - PURCHASES) * LIMIT) * (1 - 0.9 ** 2);
    expect(perLine).toBeCloseTo(285, 9);
    expect(b.defaults.mean).toBeGreaterThan(0);
    expect(b.lifetimeLoss.mean).toBeCloseTo((b.accounts.mean - b.defaults.mean) * perLine, 6);
    expect(segments.cards.lifetimeLoss.mean).toBeCloseTo(b.lifetimeLoss.mean, 9);
    const text = await run("risky.yaml", RISKY, false);
    expect(text.split("\n").filter((l) => l.trimStart().startsWith("lifetime loss past horizon"))).toHaveLength(1);
  });
});
