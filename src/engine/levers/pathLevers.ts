/**
 * The hooks of a path run's levers, each in a field of its own class (lever.ts: a hook
 * called per account is a monomorphic method call). Levers that only compile (approval,
 * costs, insurance) or act through plain functions (collections, fees and burden) have no
 * field here.
 */
import type { PathContext } from "../accounts/pathContext.ts";
import { Forbearance } from "./paths/forbearance.ts";
import { LineManagement } from "./paths/lineManagement.ts";
import { NplSale } from "./nplSale.ts";
import { Trigger } from "./paths/trigger.ts";

export class PathLevers {
  readonly trigger: Trigger;
  readonly lines: LineManagement;
  readonly forbearance: Forbearance;
  readonly sale: NplSale;

  constructor(p: PathContext) {
    this.trigger = new Trigger(p.pol.trigger, p, p.ws);
    this.lines = new LineManagement(p.pol, p.ws);
    this.forbearance = new Forbearance(p);
    this.sale = new NplSale(p.pol);
  }
}
