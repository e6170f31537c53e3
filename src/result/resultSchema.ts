/**
 * The result file (resultFile.ts, INTERFACE.md) as a schema: its metric keys, their
 * descriptions and units from the metric declaration (src/engine/metrics.ts), so that a
 * new metric appears here as it appears in the file. Strict objects: a key the file writes
 * that is declared nowhere fails to parse. As JSON Schema (draft 2020-12) for other
 * programs: `resultJsonSchema`.
 */
import { z } from "zod";
import { isProvisioning, METRICS, PATH_METRIC_NAMES, PERIOD_METRIC_NAMES, RATIOS, SEGMENT_METRIC_NAMES, unitText, type MetricName } from "../engine/metrics.ts";
import { DIFFERENCE_KEYS } from "./resultFile.ts";

const num = z.number();
const numOrNull = num.nullable();
const byLevel = <T extends z.ZodType>(t: T) => z.record(z.string(), t);
const interval = z.tuple([num, num]).nullable();

const summary = z.strictObject({ mean: num, sd: num, stderr: numOrNull, min: num, max: num, quantiles: byLevel(num), quantileCI95: byLevel(interval) });
const fan = z.strictObject({ mean: num, p5: num, p25: num, p50: num, p75: num, p95: num });
const difference = z.strictObject({ mean: num, stderr: numOrNull, ci95: interval });
const histogram = z.strictObject({ edges: z.array(num), counts: z.array(num) });

/** The ratios left out when no path has a base (engine/metrics.ts `without: "absent"`). */
const ABSENT = new Set<string>([...RATIOS.filter((r) => r.without === "absent").map((r) => r.name), ...(Object.keys(METRICS) as MetricName[]).filter(isProvisioning)]);

/** One key a metric, described by its declaration; with `optional`, the ratios that may be absent are optional. */
function metricKeys<T extends z.ZodType>(names: readonly MetricName[], node: T, optional: boolean) {
  return Object.fromEntries(
    names.map((m) => {
      const described = node.describe(`${METRICS[m].label} (${unitText(m)}): ${METRICS[m].description}`);
      return [m, (optional && ABSENT.has(m)) || isProvisioning(m) ? described.optional() : described];
    }),
  );
}

const book = z.strictObject({
  ...metricKeys(PATH_METRIC_NAMES, summary, true),
  var: byLevel(num),
  es: byLevel(num),
  varStderr: byLevel(numOrNull),
  esStderr: byLevel(numOrNull),
  varCI95: byLevel(interval),
  esCI95: byLevel(interval),
  retainedVar: byLevel(num),
  retainedEs: byLevel(num),
});

const segment = z.strictObject({ ...metricKeys(SEGMENT_METRIC_NAMES, summary, true), elContribution: num, esContribution: byLevel(num) });

const period = z.strictObject({
  t: num,
  month: num,
  ...metricKeys(PERIOD_METRIC_NAMES, fan, true),
  delinquency: z.record(z.string(), fan),
  factors: z.record(z.string(), fan),
  variables: z.record(z.string(), fan),
  revolverShare: fan.optional(),
  deal: z
    .strictObject({ excessSpread: fan, reserve: fan, amortizing: fan, triggered: fan, notes: z.record(z.string(), fan) })
    .optional(),
});

const note = z.strictObject({
  size: num,
  interestPaid: summary,
  principalPaid: summary,
  loss: summary,
  lossRate: summary,
  wal: summary,
  probabilityOfLoss: num,
  expectedLoss: num,
  rating: z.string(),
});

const tranche = z.strictObject({ attach: num, detach: num, loss: summary, lossRate: summary, es99: num, probabilityOfLoss: num });

const pathValues = z.strictObject(metricKeys(PATH_METRIC_NAMES, z.array(numOrNull), false));
const samples = z.strictObject({
  defaultRate: z.array(num),
  lossRate: z.array(numOrNull).optional(),
  netLoss: z.array(num),
  profit: z.array(num),
  book: pathValues,
  segments: z.record(z.string(), pathValues),
  periods: z.record(z.string(), z.array(z.array(num))),
});

const variant = z.strictObject({
  name: z.string(),
  book,
  segments: z.record(z.string(), segment),
  periods: z.array(period),
  tranches: z.record(z.string(), tranche),
  notes: z.record(z.string(), note).optional(),
  histograms: z.strictObject({ defaultRate: histogram, lossRate: histogram.optional(), netLoss: histogram, profit: histogram }),
  liquidity: z.strictObject({ worstPeriod: num, worstMonth: num, fundingNeed99: num, peakFundingNeed: summary }),
  samples: samples.optional(),
});

const differences = z.strictObject({
  variant: z.string(),
  vs: z.string(),
  ...Object.fromEntries(DIFFERENCE_KEYS.map((k) => [k, difference])),
  unpairedStderr: z.record(z.string(), numOrNull),
});

const variancePart = z.strictObject({ variance: num, stderr: numOrNull, share: num });
const varianceParts = z
  .strictObject({
    mean: num,
    meanCI95: z.tuple([num, num]).describe("95% band of the expected value with the parameters uncertain: mean ± 1.96·√(parameter + total/paths), a default rate's cut to [0, 1]"),
    meanCI95MonteCarlo: z.tuple([num, num]).describe("the same band with Monte Carlo error alone: mean ± 1.96·√(total/paths), a default rate's cut to [0, 1]"),
    total: variancePart,
    parameter: variancePart.describe("Var(A) − Var(B): what the per-path parameter draws add"),
    systematic: variancePart.describe("Var(B) − Var(C): the economy's part, the parameters at their point values"),
    idiosyncratic: variancePart.describe("Var(C): the accounts' own draws, the economy at its mean path"),
  })
  .describe("a per-path book quantity's variance split by three runs on the same paths (docs/model.md §9.4)");

export const resultSchema = z.strictObject({
  creditlab: z.literal(2),
  engine: z.string(),
  scenario: z.strictObject({ name: z.string(), sha256: z.string() }),
  seed: z.union([z.string(), num]),
  paths: num,
  horizonMonths: num,
  periodMonths: num,
  partial: z.literal(true).optional(),
  variants: z.array(variant),
  differences: z.array(differences),
  uncertainty: z.strictObject({ variant: z.string(), paths: num, netLoss: varianceParts, defaultRate: varianceParts }).optional(),
});

/** The result file as JSON Schema (draft 2020-12). */
export const resultJsonSchema = (): Record<string, unknown> => z.toJSONSchema(resultSchema) as Record<string, unknown>;
