/**
 * The readable summary `creditlab run` prints: what was run, then for each variant its
 * book, tail risk, segments and NPL path, then the paired differences against the first
 * variant. Plain text; emphasis comes from `style` and is applied to whole lines only.
 */
import { thinTails } from "../result/facts.ts";
import type { ResultFile } from "../result/resultFile.ts";
import { duration, grouped } from "./format.ts";
import type { Style } from "./style.ts";
import { bookTable, differencesTable, nplLine, segmentTable, tailTable, trancheTable } from "./summaryTables.ts";

export interface RunInfo {
  /** The scenario file as named on the command line. */
  file: string;
  elapsedMs: number;
  /** Paths asked for; more than `result.paths` when the run was cancelled. */
  requestedPaths: number;
  /** Where the result file was written (--out), if anywhere. */
  out?: string;
}

const PERIOD_NAMES: Record<number, string> = { 1: "monthly", 3: "quarterly", 6: "half-yearly", 12: "yearly" };

export function renderSummary(result: ResultFile, info: RunInfo, style: Style): string {
  const lines: string[] = [...header(result, info, style)];
  for (const v of result.variants) {
    lines.push("", style.bold(`Variant: ${v.name}`), ...bookTable(v.book), "", ...tailTable(v.book));
    if (Object.keys(v.segments).length > 0) lines.push("", ...segmentTable(v));
    if (Object.keys(v.tranches).length > 0) lines.push("", ...trancheTable(v));
    lines.push(...(v.periods.length > 0 ? ["", ...nplLine(v)] : []));
  }
  const thin = thinTails(result.paths);
  if (thin.length > 0) {
    const tails = thin.map((t) => `${t.paths} in the ${t.level * 100}% tail`).join(", ");
    lines.push("", style.dim(`note: of ${grouped(result.paths)} paths, ${tails}: ES there rests on a few paths (see its ± se).`));
  }
  if (result.differences.length > 0) {
    const first = result.differences[0].vs;
    lines.push("", style.bold(`Paired differences vs ${first}: variant − ${first}, path by path on the same random numbers`), ...differencesTable(result.differences));
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
