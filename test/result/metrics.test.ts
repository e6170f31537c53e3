/**
 * The metric declaration (src/engine/metrics.ts) against what does not come from it: the
 * profit and rate formulas of MODEL.md section 8 written out by hand over the per-path
 * values of real runs, the keys of a real result file, the chunk file's stored order, and
 * the table of outputs in docs/model.md §8.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { NPM, PATH_METRICS, PERIOD_FIXED, PERIOD_PROVISIONING, PM, type ChunkResult } from "../../src/engine/layout.ts";
import { isProvisioning, labelWithUnit, metricSpec, METRICS, type MetricName } from "../../src/engine/metrics.ts";
import { summarizeRun } from "../../src/result/summarizeRun.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";
import { resultJsonSchema, resultSchema } from "../../src/result/resultSchema.ts";
import { applyOverrides, parseScenario } from "../../src/scenario/parse.ts";
import { libraryFiles, libraryTapes, scenarioLabel } from "../scenarios/library.ts";

const PATHS = 6;

/** A short run of the first scenario block of a library file, its chunk and its result file (with samples). */
function run(file: string): { chunk: ChunkResult; result: ResultFile; segments: number } {
  const s = libraryFiles().find((f) => f.file === file)!.scenarios[0];
  const tapes = libraryTapes(s);
  const parsed = parseScenario(s.text, scenarioLabel(s), tapes);
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  const short = applyOverrides(parsed.value, { paths: PATHS });
  const model = compileModel(short.variants, tapes);
  const chunk = simulatePaths(model, 0, PATHS);
  const { simulation } = model;
  const result = summarizeRun(
    {
      layout: model.layout,
      variantNames: model.variantNames,
      scenarioName: "test",
      sha256: "",
      seed: simulation.seed,
      paths: PATHS,
      horizonMonths: simulation.horizonMonths,
      periodMonths: simulation.periodMonths,
      engine: "test",
      samples: true,
      partial: false,
    },
    chunk,
  );
  return { chunk, result, segments: model.layout.segments.length };
}

// An insured card book with tranches, and a credit line with merchant fees, instalment plans
// and costs: between them every part of profit is other than 0 on some path.
const RUNS = ["risk-sharing.md", "credit-line-huabei.md"].map((file) => ({ file, ...run(file) }));

describe("the metric declaration", () => {
  it("keeps the order a chunk file stores and a merge checks", () => {
    // Written out as chunk files of this version store it: changing it breaks every chunk written.
    expect(PATH_METRICS).toEqual([
      "accounts", "defaults", "defaultRate", "exposure", "netLoss", "lossRate", "interestIncome", "feeIncome", "income",
      "collectionCost", "fundingCost", "profit", "applicants", "booked", "balanceYears", "insuranceRecovery", "insurancePremium",
      "retainedLoss", "chargeOffRate", "merchantFeeIncome", "instalmentFeeIncome", "operatingCost", "acquisitionCost", "lifetimeLoss",
      "provisionCharge", "writeOffs", "profitAfterProvisions", "averageBalance", "cumulativeLossRate", "ppnr",
      "lossAtDefault", "recoveries", "workoutCost", "saleProceeds", "chargeOffs", "chargeOffRecoveries", "pvRecoveries", "pvNetLoss", "pvLossAtDefault",
      "pvProfit", "pvLifetimeLoss",
    ]);
    expect(PERIOD_FIXED).toEqual([
      "nplRatio", "defaults", "netLoss", "balance",
      "dpdCurrent", "dpd1to29", "dpd30to59", "dpd60to89", "dpd90plus",
      "cnNormal", "cnSpecialMention", "cnSubstandard", "cnDoubtful", "cnLoss",
      "periodLossRate", "lossRateToDate", "periodAverageBalance",
      "lossAtDefault", "recoveries", "workoutCost", "saleProceeds", "chargeOffs", "chargeOffRecoveries",
      "openingBalance", "interestCharged", "cashInterestFees", "cashPrincipal", "cashDraws", "cashOriginations", "defaultedBalance", "derecognizedBalance", "cashMerchantFees", "cashInsurance", "cashCosts", "cashFundingCost", "netCash", "fundingNeed",
    ]);
  });

  it.each(RUNS)("$file: profit, income and the rates of every path follow MODEL.md §8 written out by hand", ({ chunk, segments }) => {
    for (const v of chunk.variants) {
      const blocks = [
        ...Array.from({ length: PATHS }, (_, j) => ({ data: v.book, at: j * NPM })),
        ...Array.from({ length: PATHS * segments }, (_, k) => ({ data: v.segments, at: k * NPM })),
      ];
      for (const { data, at } of blocks) {
        const x = (m: (typeof PATH_METRICS)[number]) => data[at + PM[m]];
        const income = x("interestIncome") + x("feeIncome") + x("merchantFeeIncome") + x("instalmentFeeIncome");
        expect(x("income")).toBe(income);
        expect(x("profit")).toBe(
          income - x("fundingCost") - x("collectionCost") - x("retainedLoss") - x("insurancePremium") - x("operatingCost") - x("acquisitionCost"),
        );
        expect(x("retainedLoss")).toBeCloseTo(x("netLoss") - x("insuranceRecovery"), 6);
        expect(x("defaultRate")).toBe(x("accounts") > 0 ? x("defaults") / x("accounts") : 0);
        expect(x("lossRate")).toBe(x("exposure") > 1e-9 ? x("netLoss") / x("exposure") : 0);
        expect(x("chargeOffRate")).toBe(x("balanceYears") > 1e-9 ? x("netLoss") / x("balanceYears") : 0);
        // Pre-provision net revenue: income less funding and costs, before credit losses and insurance.
        expect(x("ppnr")).toBe(income - x("fundingCost") - x("collectionCost") - x("operatingCost") - x("acquisitionCost"));
        expect(x("cumulativeLossRate")).toBe(x("averageBalance") > 1e-9 ? x("netLoss") / x("averageBalance") : 0);
      }
      // The book's sums are its segments' sums.
      for (let j = 0; j < PATHS; j++) {
        for (const m of ["accounts", "netLoss", "interestIncome", "operatingCost", "insuranceRecovery"] as const) {
          let sum = 0;
          for (let s = 0; s < segments; s++) sum += v.segments[(j * segments + s) * NPM + PM[m]];
          expect(v.book[j * NPM + PM[m]]).toBeCloseTo(sum, 6);
        }
      }
    }
  });

  it("covers every part of profit with a run where it is other than 0", () => {
    const seen = new Set<string>();
    for (const { result } of RUNS) for (const v of result.variants) for (const m of PATH_METRICS) if (v.book[m] && (v.book[m].min !== 0 || v.book[m].max !== 0)) seen.add(m);
    for (const m of ["interestIncome", "feeIncome", "merchantFeeIncome", "instalmentFeeIncome", "fundingCost", "collectionCost", "retainedLoss", "insurancePremium", "operatingCost", "acquisitionCost"]) {
      expect(seen, m).toContain(m);
    }
  });

  it.each(RUNS)("$file: every metric in the result file has a declaration, and every declaration is in the file", ({ result }) => {
    // These runs have no provisioning: its metrics are left out.
    const declared = (keep: (m: MetricName) => boolean) => (Object.keys(METRICS) as MetricName[]).filter((m) => keep(m) && !isProvisioning(m)).sort();
    const TAIL = ["var", "es", "varStderr", "esStderr", "varCI95", "esCI95", "retainedVar", "retainedEs"];
    for (const v of result.variants) {
      expect(Object.keys(v.book).filter((k) => !TAIL.includes(k)).sort()).toEqual(declared((m) => METRICS[m].per !== "period"));
      for (const seg of Object.values(v.segments)) {
        expect(Object.keys(seg).filter((k) => !k.endsWith("Contribution")).sort()).toEqual(declared((m) => "segment" in METRICS[m]));
      }
      const OTHER = ["t", "month", "delinquency", "factors", "variables", "revolverShare", "deal"];
      for (const p of v.periods) expect(Object.keys(p).filter((k) => !OTHER.includes(k)).sort()).toEqual(declared((m) => METRICS[m].per !== "path"));
      expect(Object.keys(v.samples!.book).sort()).toEqual(declared((m) => METRICS[m].per !== "period"));
    }
  });

  it.each(RUNS)("$file: the result file parses with the schema derived from the declaration, which has no key the file lacks", ({ result }) => {
    const parsed = resultSchema.safeParse(JSON.parse(JSON.stringify(result)));
    expect(parsed.error?.issues ?? []).toEqual([]);
    const json = resultJsonSchema() as { properties: { variants: { items: { properties: { book: { properties: Record<string, { description: string }> } } } } } };
    const bookKeys = json.properties.variants.items.properties.book.properties;
    expect(Object.keys(bookKeys).filter((k) => !(k in METRICS && isProvisioning(k as MetricName))).sort()).toEqual(Object.keys(result.variants[0].book).sort());
    expect(bookKeys.retainedLoss.description).toMatch(/^Retained loss after insurance \(currency units\): /);
  });

  it("documents every metric in docs/model.md §8, and nothing there is undeclared", () => {
    const doc = readFileSync(new URL("../../docs/model.md", import.meta.url), "utf8");
    const section = doc.slice(doc.indexOf("## 8. Outputs of one path"), doc.indexOf("### 8.1"));
    const [table, perPeriod] = section.split("**Per period**");
    const inTable = [...table.matchAll(/^\| (`[^|]+) \|/gm)].flatMap((m) => [...m[1].matchAll(/`(\w+)`/g)].map((n) => n[1]));
    expect(inTable.sort()).toEqual([...PATH_METRICS].sort());
    // The buckets (D1…) and revolverShare are columns of the layout, not declared metrics.
    const listed = [...perPeriod.matchAll(/^- ((?:`\w+`(?:, )?)+)/gm)]
      .flatMap((m) => [...m[1].matchAll(/`(\w+)`/g)].map((n) => n[1]))
      .filter((n) => n !== "D1" && n !== "revolverShare");
    expect(listed.sort()).toEqual([...PERIOD_FIXED, ...PERIOD_PROVISIONING].sort());
  });

  it("gives each part of profit its own step and each table row its own place", () => {
    const specs = (Object.keys(METRICS) as MetricName[]).map(metricSpec);
    const steps = specs.flatMap((m) => (m.profit ? [m.profit.step] : []));
    const rows = specs.flatMap((m) => (m.table ? [m.table.row] : []));
    expect(new Set(steps).size).toBe(steps.length);
    expect(new Set(rows).size).toBe(rows.length);
    // One income and one profit, neither of them a part of profit.
    expect(specs.filter((m) => m.aggregate === "income" || m.aggregate === "profit").map((m) => [m.aggregate, m.profit])).toEqual([
      ["income", undefined],
      ["profit", undefined],
    ]);
  });

  it("labels net credit loss and the loss kept after insurance apart, and no two metrics alike", () => {
    const names = Object.keys(METRICS) as MetricName[];
    expect(new Set(names.map((m) => METRICS[m].label)).size).toBe(names.length);
    expect(new Set(names.map((m) => METRICS[m].short)).size).toBe(names.length);
    expect(labelWithUnit("netLoss")).toBe("Net credit loss (currency units)");
    expect(labelWithUnit("retainedLoss")).toBe("Retained loss after insurance (currency units)");
    expect(labelWithUnit("lossRate")).toBe("Loss rate (% of exposure)");
    expect(labelWithUnit("defaultRate")).toBe("Default rate (% of accounts)");
  });
});

describe("the published result schema", () => {
  it("public/result.schema.json is the one the declaration gives (run `npm run schema`)", async () => {
    const { readFileSync } = await import("node:fs");
    const { resultJsonSchema } = await import("../../src/result/resultSchema.ts");
    const committed = readFileSync(new URL("../../public/result.schema.json", import.meta.url), "utf8");
    expect(committed).toBe(JSON.stringify(resultJsonSchema(), null, 2) + "\n");
  });
});
