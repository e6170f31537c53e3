/**
 * What a lever of the credit policy declares (schema.ts `policySchema` holds its keys): how
 * its part of the compiled policy is built, the stage at which each of its fields can change
 * what a path draws (model.ts `agreeThrough`), and whether it needs a segment's current
 * accounts stepped month by month. Its work in a path is done by its own module's hooks:
 * period set-up, on a miss, on a cure, the limit at the horizon, the lifetime view, each
 * only where the lever acts there (d3-force's forces plug into `tick()` the same way,
 * through `initialize(nodes)` and `force(alpha)`).
 *
 * Profile lesson: a hook called per account is a method of the lever's own class, held in a
 * field of its own type (pathLevers.ts `PathLevers`), never an entry of a list of
 * levers walked per account. A call site that sees several classes turns polymorphic, then
 * megamorphic, and V8 stops inlining it; a walk allocates nothing but still costs a call per
 * lever per account-month. What a lever does the same to every account of a period is
 * resolved once, at the period's set-up (the collections' roll rates, the trigger's
 * episodes).
 */
import type { Policy, Segment } from "../../scenario/schema.ts";

/**
 * The first stage of a path at which a field of the compiled model can change what the
 * path draws or holds (model.ts explains each): `columns`, `start`, `events`, `outputs`.
 */
export type Stage = "columns" | "start" | "events" | "outputs";

export interface Lever<M extends object, S extends { readonly [K in keyof M]-?: Stage }> {
  /** The lever's part of the compiled policy (model.ts PolicyModel); `factors` are the economy's, in order. */
  compile(policy: Policy, factors: readonly string[]): M;
  /** The stage of each field of its part. */
  stages: S;
  /** Whether it needs segment `segment`'s current accounts stepped month by month (model.ts `steppedSegments`). */
  steps?(policy: Policy, segment: Segment): boolean;
}

/** Declares a lever, its stages kept as literals. */
export function lever<M extends object, const S extends { readonly [K in keyof M]-?: Stage }>(l: Lever<M, S>): Lever<M, S> {
  return l;
}
