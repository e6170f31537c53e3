/**
 * The trigger on a path: its hooks on the accounts of one path (the lever's
 * declaration, what it compiles to and when variants may share, is ../trigger.ts). Apart, so
 * that compiling a model never imports a path's parts.
 */
import { cutUndrawn } from "../../lines.ts";
import { pow } from "../../../math/elementary.ts";
import { CUT, LIMIT, RECORD, RECORD16, type Workspace } from "../../workspace.ts";
import type { TriggerRule as Rule } from "../trigger.ts";

export class Trigger {
  /** Episode of each period t = 1..T (0: the factor is at or above its level), numbered 1, 2, … in the path. */
  readonly episode: Int16Array;
  /** Episodes of the path. */
  private episodes = 0;
  /** The last episode `cutPeriods` applied, or the one it started from. */
  private last = 0;
  private readonly T: number;
  private readonly pm: number;
  /** Factors of the economy: Z holds K values a period. */
  private readonly K: number;

  constructor(
    /** The policy's trigger; null: no trigger, nothing is cut. */
    readonly rule: Rule,
    { T, pm, K }: { T: number; pm: number; K: number },
    /** The path's columns: `limit` and `cutEpisode` (the last episode an account was cut in). */
    private readonly ws: Workspace,
  ) {
    this.T = T;
    this.pm = pm;
    this.K = K;
    this.episode = new Int16Array(T + 1);
  }

  /** Period set-up of a path: which periods are in an episode, from the factor values Z[(t−1)·K + k]. */
  setupPath(Z: Float64Array): void {
    const rule = this.rule;
    let episodes = 0;
    for (let t = 1; t <= this.T; t++) {
      const on = rule !== null && Z[(t - 1) * this.K + rule.factor] < rule.below;
      if (on && this.episode[t - 1] === 0) episodes++;
      this.episode[t] = on ? episodes : 0;
    }
    this.episodes = episodes;
  }

  /**
   * The limit of a current line with balance `drawn` after the cuts of periods from..to,
   * each episode once, skipping the one in `last` as it starts (the account's last cut),
   * which it leaves at the last episode cut.
   */
  private cutPeriods(limit: number, drawn: number, from: number, to: number): number {
    const cut = this.rule!.cut;
    let out = limit;
    let seen = this.last;
    for (let t = from; t <= to; t++) {
      const ep = this.episode[t];
      if (ep === 0 || ep === seen) continue;
      out = cutUndrawn(out, drawn, cut);
      seen = ep;
    }
    this.last = seen;
    return out;
  }

  /** Cuts the limit of current line i, its balance `drawn`, for the periods from..to (needs a trigger). */
  cutAccount(i: number, drawn: number, from: number, to: number): void {
    const ws = this.ws;
    this.last = ws.record16[RECORD16 * i + CUT];
    ws.record[RECORD * i + LIMIT] = this.cutPeriods(ws.record[RECORD * i + LIMIT], drawn, from, to);
    ws.record16[RECORD16 * i + CUT] = this.last;
  }

  /**
   * The limit a line current since month s will have at the horizon (the lifetime view),
   * its last cut in episode `last`: the cuts of the periods after s's.
   */
  horizonLimit(limit: number, drawn: number, last: number, s: number): number {
    if (this.rule === null) return limit;
    this.last = last;
    return this.cutPeriods(limit, drawn, Math.ceil(s / this.pm) + 1, this.T);
  }

  /**
   * The share of a starting line's undrawn limit left at the horizon had it stayed current:
   * `cutPeriods` over every period in closed form, (1 − cut)^episodes, as its balance is constant.
   */
  undrawnKept(): number {
    return this.rule === null ? 1 : pow(1 - this.rule.cut, this.episodes);
  }
}
