/**
 * The allowance view's data from a variant's per-period results (src/engine/metrics.ts, the
 * metrics marked `provisioning`): the allowance and the provision charge as fans, the stage
 * shares and the stage transfer matrix of each period. Null when the result has none (a
 * scenario without `provisioning`).
 */
import type { Fan, PeriodResult, VariantResult } from "../../../result/resultFile.ts";
import type { FanPoint } from "../fans/fanBands.ts";
import { STAGES, type Stage } from "./eclTable.ts";
import type { MigrationData } from "./migration.ts";

const SHARES = { "1": "stage1Share", "2": "stage2Share", "3": "stage3Share" } as const;
const TRANSFERS = {
  "1": { "1": "transfer11", "2": "transfer12", "3": "transfer13" },
  "2": { "1": "transfer21", "2": "transfer22", "3": "transfer23" },
  "3": { "1": "transfer31", "2": "transfer32", "3": "transfer33" },
} as const;

/** The periods' fans of one metric, or null when a period lacks it. */
function fans(periods: readonly PeriodResult[], pick: (p: PeriodResult) => Fan | undefined): FanPoint[] | null {
  const out: FanPoint[] = [];
  for (const p of periods) {
    const f = pick(p);
    if (!f) return null;
    out.push({ month: p.month, ...f });
  }
  return out;
}

export function allowanceOf(v: VariantResult): { allowance: FanPoint[]; charge: FanPoint[] } | null {
  if (v.periods.length === 0) return null;
  const allowance = fans(v.periods, (p) => p.allowance);
  const charge = fans(v.periods, (p) => p.provisionCharge);
  return allowance && charge ? { allowance, charge } : null;
}

/**
 * Shares are of the book's balance by stage; a period's transfers are the mean counts of
 * accounts in stage i at the previous period's end (the start, for the first) and in stage
 * j at its end, each row divided by its sum: of the accounts that were in stage i and are
 * still on the book, the share now in stage j.
 */
export function migrationOf(v: VariantResult): MigrationData | null {
  const ps = v.periods;
  if (ps.length === 0 || !ps.every((p) => STAGES.every((s) => p[SHARES[s]] && STAGES.every((t) => p[TRANSFERS[s][t]])))) return null;
  const counts = ps.map((p) => STAGES.map((from) => STAGES.map((to) => p[TRANSFERS[from][to]]!.mean)));
  return {
    months: ps.map((p) => p.month),
    shares: ps.map((p) => Object.fromEntries(STAGES.map((s) => [s, p[SHARES[s]]!.mean])) as Record<Stage, number>),
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
