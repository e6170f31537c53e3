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

export function migrationOf(v: VariantResult): MigrationData | null {
  if (v.periods.length === 0 || !fanOf(v.periods[0], "stage1Share")) return null;
  const columns = ["Stage 1", "Stage 2", "Stage 3", "Left the book"];
  const ends = ["1", "2", "3", "Out"];
  return {
    months: v.periods.map((p) => p.month),
    shares: v.periods.map((p) => Object.fromEntries(STAGES.map((s) => [s, fanOf(p, `stage${s}Share`)?.mean ?? 0])) as MigrationData["shares"][number]),
    transfers: v.periods.map((p) => STAGES.map((from) => ends.map((to) => fanOf(p, `stage${from}To${to}`)?.mean ?? 0))),
    columns,
  };
}
