/**
 * The credit policy's levers, declared once each in its own module (lever.ts): the compiled
 * policy, the stage of each of its fields and whether a segment is stepped all derive from
 * this list. A new lever is its schema keys (schema.ts `policySchema`), its module, and its
 * line here.
 */
import type { Policy, Segment } from "../../scenario/schema.ts";
import { approval } from "./approval.ts";
import { collections } from "./collections.ts";
import { costs } from "./costs.ts";
import { discounting } from "./discounting.ts";
import { forbearance } from "./forbearance.ts";
import { insurance } from "./insurance.ts";
import type { Stage } from "./lever.ts";
import { lineManagement } from "./lineManagement.ts";
import { nplSale } from "./nplSale.ts";
import { trigger } from "./trigger.ts";

const LEVERS = [approval, lineManagement, trigger, forbearance, collections, nplSale, insurance, costs, discounting] as const;

type Levers = typeof LEVERS;
type Merge<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? H & Merge<R> : unknown;
type Flat<T> = { [K in keyof T]: T[K] };
type Parts<L extends readonly unknown[]> = { [K in keyof L]: L[K] extends { compile: (...args: never[]) => infer M } ? M : never };
type StageTables<L extends readonly unknown[]> = { [K in keyof L]: L[K] extends { stages: infer S } ? S : never };

/** The compiled policy: every lever's part. */
export type PolicyModel = Flat<Merge<Parts<Levers>>>;
/** The stage of each field of the compiled policy, as literals. */
export type PolicyStages = Flat<Merge<StageTables<Levers>>>;

export const POLICY_STAGE = Object.assign({}, ...LEVERS.map((l) => l.stages)) as PolicyStages satisfies Record<keyof PolicyModel, Stage>;

export function compilePolicy(p: Policy, factors: readonly string[]): PolicyModel {
  return Object.assign({}, ...LEVERS.map((l) => l.compile(p, factors))) as PolicyModel;
}

/** Whether any lever of policy p needs segment g's current accounts stepped month by month. */
export function leversStep(p: Policy, g: Segment): boolean {
  return LEVERS.some((l) => "steps" in l && l.steps !== undefined && l.steps(p, g));
}
