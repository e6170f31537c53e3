/**
 * Forbearance on a path: its hooks on the accounts of one path (the lever's
 * declaration, what it compiles to and when variants may share, is ../forbearance.ts). Apart, so
 * that compiling a model never imports a path's parts.
 */
import type { PathContext } from "../../accounts/pathContext.ts";
import { convert, required } from "../../accounts/plans.ts";
import { thresholdOfHazard } from "../../hazard.ts";
import { perMonth } from "../../../math/ladderChain.ts";
import { Phi } from "../../../math/normal.ts";
import { keyedUniform, Purpose } from "../../random.ts";
import { Flag, State } from "../../state.ts";
import { AGE, BALANCE, BASE, DRAWN, FLAGS, MADE, RECORD, RECORD16, RECORD8, STATE } from "../../workspace.ts";
import { redefaultMultiplier } from "../forbearance.ts";

export class Forbearance {
  /** Months on holiday before an account in R is current again (0 without a holiday). */
  readonly holidayMonths: number;
  /** The last threshold raised and its raised value: a one-rate segment's are all one. */
  private raisedFrom = NaN;
  private raisedTo = NaN;
  private raisedSegment = -1;

  constructor(private readonly p: PathContext) {
    this.holidayMonths = p.pol.forbearance?.holidayMonths ?? 0;
  }

  /** An account entering bucket k (1: D1) in month mo is offered forbearance once; it accepts with the take-up probability. */
  offer(si: number, i: number, k: number, mo: number): void {
    const { ws, streams } = this.p;
    const f = this.p.pol.forbearance;
    if (f === null || k !== f.offerAt || ws.record8[RECORD8 * i + FLAGS] & Flag.offered) return;
    ws.record8[RECORD8 * i + FLAGS] |= Flag.offered;
    const g = this.p.segs[si];
    const key = this.p.stream(Purpose.forbearance, si, mo);
    if (keyedUniform(streams[key], streams[key + 1], i - g.start) >= f.takeUp) return;
    if (f.kind === "conversion") {
      // The balance, charges included, becomes a plan over termMonths; the account is current again.
      ws.clearPlan(i);
      convert(ws, i, ws.record[RECORD * i + BALANCE], f, mo);
      ws.record[RECORD * i + BALANCE] = 0;
      if (!g.revolving) ws.record16[RECORD16 * i + MADE] = this.p.c.term[i]; // the plan replaces the loan's schedule
      ws.record8[RECORD8 * i + STATE] = State.C;
      ws.record16[RECORD16 * i + AGE] = 0;
      this.raiseRate(si, i);
      ws.refPay[i] = required(ws, this.p.c, g, i, this.p.rateOf(g, i));
      return;
    }
    ws.record8[RECORD8 * i + STATE] = State.R;
    ws.record16[RECORD16 * i + AGE] = 0;
    ws.record[RECORD * i + BASE] = ws.record[RECORD * i + BALANCE]; // the episode's charges are capitalized into the restructured balance
    ws.record[RECORD * i + DRAWN] = 0; // and so is the line's draw-down
  }

  /** After a holiday or a conversion: the account's annual rate × the re-default multiplier from now on. */
  raiseRate(si: number, i: number): void {
    const ws = this.p.ws;
    const multiplier = redefaultMultiplier(this.p.pol);
    if (multiplier === 1 || ws.record8[RECORD8 * i + FLAGS] & Flag.redefault) return;
    const g = this.p.segs[si];
    const pm = this.p.pm;
    const a = this.p.c.a[i];
    if (a !== this.raisedFrom || si !== this.raisedSegment) {
      // Solving through the ladder is the costliest step of forbearance: once per threshold.
      this.raisedFrom = a;
      this.raisedSegment = si;
      this.raisedTo = thresholdOfHazard(g.raise(perMonth(Phi(a), pm), multiplier), pm);
    }
    ws.own[i] = this.raisedTo;
    ws.record8[RECORD8 * i + FLAGS] |= Flag.redefault;
  }
}
