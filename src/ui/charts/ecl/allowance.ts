/**
 * The allowance view's data from a variant's per-period results: the allowance and the
 * provision charge as fans, the stage shares and the stage transfer matrix of each period.
 * Null when the result has none (a scenario without `provisioning`).
 */
import type { Fan, VariantResult } from "../../../result/resultFile.ts";
import type { FanPoint } from "../fans/fanBands.ts";
import { STAGES } from "./eclTable.ts";
import type { MigrationData } from "./migration.ts";

/** A per-period fan by metric name, or undefined when the result does not carry it. */
const fanOf = (p: VariantResult["periods"][number], name: string): Fan | undefined => (p as unknown as Record<string, Fan | undefined>)[name];

export function allowanceOf(v: VariantResult): { allowance: FanPoint[]; charge: FanPoint[] } | null {
  if (v.periods.length === 0 || !fanOf(v.periods[0], "allowance")) return null;
  const points = (name: string) => v.periods.map((p) => ({ month: p.month, ...fanOf(p, name)! }));
  return { allowance: points("allowance"), charge: points("provisionCharge") };
}

/**
 * Shares are of the book's balance by stage; a period's transfers are the mean counts of
 * accounts in stage i at the previous period's end (the start, for the first) and in stage
 * j at its end, each row divided by its sum: of the accounts that were in stage i and are
 * still on the book, the share now in stage j.
 */
export function migrationOf(v: VariantResult): MigrationData | null {
  if (v.periods.length === 0 || !fanOf(v.periods[0], "stage1Share")) return null;
  const counts = v.periods.map((p) => STAGES.map((from) => STAGES.map((to) => fanOf(p, `transfer${from}${to}`)?.mean ?? 0)));
  return {
    months: v.periods.map((p) => p.month),
    shares: v.periods.map((p) => Object.fromEntries(STAGES.map((s) => [s, fanOf(p, `stage${s}Share`)?.mean ?? 0])) as MigrationData["shares"][number]),
    transfers: counts.map((m) =>
      m.map((row) => {
        const total = row.reduce((t, x) => t + x, 0);
        return row.map((x) => (total > 0 ? x / total : 0));
      }),
    ),
    counts,
    columns: STAGES.map((s) => `Stage ${s}`),
  };
}
