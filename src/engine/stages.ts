/**
 * Which stage of a path each field of a compiled variant is felt at, and whether two
 * variants agree through a stage (docs/model.md §10): variants share the book's columns
 * and replay the base's start as far as they agree.
 */
import type { MacroModel } from "./macro.ts";
import type { Stage } from "./levers/lever.ts";
import { POLICY_STAGE, type PolicyModel, type PolicyStages } from "./levers/policy.ts";
import type { SegmentModel, VariantModel } from "./model.ts";

/**
 * The first stage of a path at which a field of the compiled model can change what the
 * path draws or holds. Variants share work up to the first stage at which they differ
 * (docs/model.md §10, `agreeThrough`):
 * - `columns`: the book's columns (thresholds, limits, balances, who is booked; book.ts)
 *   are built from it. Variants that agree on every `columns` field share one set.
 * - `start`: the starting accounts' exits from C, drawn in closed form as a path starts,
 *   read it. Variants that agree through `start` replay the base's draws of the start
 *   (accounts/closedForm.ts) instead of drawing them again.
 * - `events`: only what happens after the start reads it: arrears, forbearance, sales,
 *   line management, the lifetime view.
 * - `outputs`: no account's state reads it, only amounts of money (funding, costs,
 *   insurance). Variants that differ only here have the same risk figures on every path
 *   (test/engine/placebo.test.ts).
 * Each model type declares the stage of every one of its fields below; a field added to
 * the type and not declared fails to compile.
 */
const STAGES: readonly Stage[] = ["columns", "start", "events", "outputs"];

/**
 * Every field of a segment counts as shaping its columns: the thresholds are solved through
 * its ladder, the closed-form baseline reads its terms and rates, and a field that only some
 * later stage reads today may be read by the columns tomorrow. A variant that changes a
 * segment builds its own columns and draws its own start, which is never wrong, only slower.
 */
const SEGMENT_STAGE = {
  name: "columns",
  product: "columns",
  accounts: "columns",
  tape: "columns",
  applicantsPerMonth: "columns",
  rho: "columns",
  loadings: "columns",
  risk: "columns",
  basis: "columns",
  applicantBasis: "columns",
  scorecard: "columns",
  applicantScore: "columns",
  limit: "columns",
  utilization: "columns",
  ccf: "columns",
  principal: "columns",
  termMonths: "columns",
  aprMonthly: "columns",
  penaltyMonthly: "columns",
  penaltyAtApr: "columns",
  lateFee: "columns",
  feeCap: "columns",
  attrition: "columns",
  roll: "columns",
  stay: "columns",
  rhoRoll: "columns",
  startShares: "columns",
  startDefaulted: "columns",
  chargeOffMonths: "columns",
  lgd: "columns",
  recovery: "columns",
  revolvers: "columns",
  purchases: "columns",
  interchange: "columns",
  instalments: "columns",
  burden: "columns",
  remainingLifeMonths: "columns",
  stepped: "columns",
  seasoning: "columns",
  // The starting mix places accounts in arrears: the columns hold their starting states.
  start: "columns",
  // The hazard is solved through the cycle of the segment's economy (hazard.ts): thresholds are columns.
  correlation: "columns",
  persistence: "columns",
  periodMonths: "columns",
  // The link sets the index's loading and persistence, through which thresholds are solved.
  link: "columns",
  // The rolls' own link moves their loading on the miss's index, read by the calibration.
  rollLink: "columns",
  // The path's parameter draw shifts the survival curves the start is drawn on (uncertainty.ts).
  uncertainty: "start",
} as const satisfies Record<keyof SegmentModel, Stage>;

/** The economy's factors feed the survival curves of the start; its variables, read off the factors, count with them. */
const MACRO_STAGE = {
  factors: "start",
  persistence: "start",
  cholesky: "start",
  shift: "start",
  variables: "start",
  // Zero noise changes the factors the start's curves read.
  noise: "start",
} as const satisfies Record<keyof MacroModel, Stage>;

type Through<R extends Record<string, Stage>, S extends Stage> = { [K in keyof R]: R[K] extends S ? K : never }[keyof R];
/** What the start of a path may read of a policy: its `columns` and `start` fields. */
export type StartPolicy = Pick<PolicyModel, Through<PolicyStages, "columns" | "start">>;

/**
 * Whether variants a and b agree on every field felt at `stage` or before it, compared by
 * value (typed arrays element by element, nested objects field by field).
 */
export function agreeThrough(a: VariantModel, b: VariantModel, stage: Stage): boolean {
  const last = STAGES.indexOf(stage);
  const agree = <T extends object>(stages: Record<keyof T, Stage>, x: T, y: T): boolean =>
    (Object.keys(stages) as (keyof T)[]).every((k) => STAGES.indexOf(stages[k]) > last || sameValue(x[k], y[k]));
  const parts = {
    name: () => true, // a label
    macro: () => agree(MACRO_STAGE, a.macro, b.macro),
    segments: () => a.segments.length === b.segments.length && a.segments.every((s, i) => agree(SEGMENT_STAGE, s, b.segments[i])),
    policy: () => agree(POLICY_STAGE, a.policy, b.policy),
  } satisfies Record<keyof VariantModel, () => boolean>;
  return Object.values(parts).every((part) => part());
}

/** Equality of compiled values: numbers by Object.is (NaN equals NaN, 0 is not −0), typed arrays and objects by their elements. */
function sameValue(x: unknown, y: unknown): boolean {
  if (Object.is(x, y)) return true;
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
  if (ArrayBuffer.isView(x) || ArrayBuffer.isView(y)) {
    if (!ArrayBuffer.isView(x) || !ArrayBuffer.isView(y) || x.constructor !== y.constructor) return false;
    const p = x as unknown as ArrayLike<number>;
    const q = y as unknown as ArrayLike<number>;
    if (p.length !== q.length) return false;
    for (let i = 0; i < p.length; i++) if (!Object.is(p[i], q[i])) return false;
    return true;
  }
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  const rx = x as Record<string, unknown>;
  const ry = y as Record<string, unknown>;
  return kx.length === ky.length && kx.every((k) => Object.hasOwn(ry, k) && sameValue(rx[k], ry[k]));
}
