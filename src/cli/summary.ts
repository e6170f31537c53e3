/**
 * The readable summary `creditlab run` prints: what was run, then for each variant its
 * book, tail risk, segments and NPL path, then the paired differences against the first
 * variant. Plain text; emphasis comes from `style` and is applied to whole lines only.
 */
import { TAIL_LEVELS, type ResultFile, type UncertaintyResult } from "../result/resultFile.ts";
import type { VarianceParts } from "../stats/varianceParts.ts";
import { hasMeanError, hasTailError, MIN_TAIL_PATHS } from "../result/facts.ts";
import { duration, grouped, percentInWords } from "./terminalNumbers.ts";
import type { Style } from "./style.ts";
import { allowanceLine, bookRowsShown, formatMetricValue, bookTable, differencesTable, liquidityLine, noteTable, nplLine, quarterTable, segmentTable, tailTable, trancheTable } from "./summaryTables.ts";

export interface RunInfo {
  /** The scenario file as named on the command line. */
  file: string;
  elapsedMs: number;
  /** Paths asked for; more than `result.paths` when the run was cancelled. */
  requestedPaths: number;
  /** Where the result file was written (--out), if anywhere. */
  out?: string;
  /** What the ± covers when the book is drawn (src/scenario/bookNote.ts), said under the tables. */
  bookNote?: string;
}

const PERIOD_NAMES: Record<number, string> = { 1: "monthly", 3: "quarterly", 6: "half-yearly", 12: "yearly" };

/**
 * Why some error bars read "n/a", said once under the tables: too few paths in all, or
 * beyond some tail levels (the rule of stats/errorBars.ts, which the result file follows).
 */
export function naNote(paths: number): string | undefined {
  if (!hasMeanError(paths)) return `n/a: fewer than ${MIN_TAIL_PATHS} paths, too few for any error estimate`;
  const thin = TAIL_LEVELS.filter((a) => !hasTailError(paths, a)).map((a) => percentInWords(a, 6));
  if (thin.length === 0) return undefined;
  const levels = thin.length === 1 ? `the ${thin[0]} level` : `the ${thin.slice(0, -1).join(", ")} and ${thin[thin.length - 1]} levels`;
  return `n/a: fewer than ${MIN_TAIL_PATHS} paths beyond ${levels}`;
}

export function renderSummary(result: ResultFile, info: RunInfo, style: Style): string {
  const lines: string[] = [...header(result, info, style)];
  // One set of rows for every variant, so that their tables read side by side.
  const shown = bookRowsShown(result.variants.map((v) => v.book));
  for (const v of result.variants) {
    lines.push("", style.bold(`Variant: ${v.name}`), ...bookTable(v.book, shown), "", ...tailTable(v.book));
    if (Object.keys(v.segments).length > 0) lines.push("", ...segmentTable(v, shown.has("lifetimeLoss")));
    if (Object.keys(v.tranches).length > 0) lines.push("", ...trancheTable(v));
    if (v.notes !== undefined) lines.push("", ...noteTable(v));
    lines.push(...(v.periods.length > 0 ? ["", ...nplLine(v), ...allowanceLine(v), ...liquidityLine(v)] : []));
    const quarters = result.periodMonths === 3 ? quarterTable(v) : [];
    if (quarters.length > 0) lines.push("", ...quarters);
  }
  const note = naNote(result.paths);
  if (note !== undefined) lines.push("", style.dim(note));
  if (info.bookNote !== undefined) lines.push(...(note === undefined ? [""] : []), style.dim(info.bookNote));
  if (result.uncertainty !== undefined) lines.push("", ...uncertaintyTable(result.uncertainty, style));
  if (result.differences.length > 0) {
    const first = result.differences[0].vs;
    lines.push("", style.bold(`Paired differences vs ${first}: variant − ${first}, path by path on the same random numbers`), ...differencesTable(result.differences, shown.has("lifetimeLoss")));
  }
  return lines.join("\n") + "\n";
}

function header(result: ResultFile, info: RunInfo, style: Style): string[] {
  const seed = typeof result.seed === "string" ? JSON.stringify(result.seed) : String(result.seed);
  const periods = PERIOD_NAMES[result.periodMonths] ?? `${result.periodMonths}-month`;
  const lines = [
    style.bold(result.scenario.name),
    `  file     ${info.file}  (sha256 ${result.scenario.sha256.slice(0, 12)})`,
    `  paths    ${grouped(result.paths)}    seed ${seed}    horizon ${result.horizonMonths} months, ${periods} periods`,
    `  elapsed  ${duration(info.elapsedMs)}    engine ${result.engine}`,
    ...(info.out !== undefined ? [`  result   ${info.out}`] : []),
  ];
  if (result.partial) {
    lines.push(
      style.warn(
        `  PARTIAL: cancelled after ${grouped(result.paths)} of ${grouped(info.requestedPaths)} paths; the numbers below use only the paths finished.`,
      ),
    );
  }
  return lines;
}

/** Parameter uncertainty's variance split of the base (run/uncertainty.ts): each part with its standard error and share, and the bands of the mean. */
function uncertaintyTable(u: UncertaintyResult, style: Style): string[] {
  const rows = (["netLoss", "defaultRate"] as const).flatMap((m) => {
    const p = u[m];
    const num = (x: number) => formatMetricValue(m, x);
    const sd = (v: number) => num(Math.sqrt(Math.max(0, v)));
    const part = (name: string, q: VarianceParts["total"]) =>
      `  ${name.padEnd(15)} sd ${sd(q.variance).padStart(12)}   variance share ${(100 * q.share).toFixed(1).padStart(5)}%${q.stderr === null || q === p.total ? "" : ` ± ${((196 * q.stderr) / Math.max(p.total.variance, 1e-300)).toFixed(1)}%`}`;
    return [
      `  ${m}: mean ${num(p.mean)}, 95% band ${num(p.meanCI95[0])} … ${num(p.meanCI95[1])} with the parameters uncertain (Monte Carlo alone ${num(p.meanCI95MonteCarlo[0])} … ${num(p.meanCI95MonteCarlo[1])})`,
      part("total", p.total),
      part("parameter", p.parameter),
      part("systematic", p.systematic),
      part("idiosyncratic", p.idiosyncratic),
    ];
  });
  return [style.bold(`Variance split by parameter uncertainty (${u.variant}, ${grouped(u.paths)} paths; ± a 95% interval of the share)`), ...rows];
}
