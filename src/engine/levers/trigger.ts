/**
 * The economy trigger of line management (docs/model.md §7): at the start of each period in
 * which its factor is below its level, the undrawn limit of every current credit line is
 * cut, once per episode (a run of such periods). A closed-form account is not visited at a
 * period's start, so its cuts are applied when they matter: as it misses, for the periods
 * it began current (`cutAccount` up to that month), and at the horizon for the lifetime view
 * (`horizonLimit`: up to T); a stepped account is cut at each period's start (`cutAccount`
 * of one period). The rule is written once, in `cutPeriods`; `undrawnKept` is its closed form over the whole
 * horizon for the starting accounts that never leave C.
 */
import { cutUndrawn } from "../lines.ts";
import { pow } from "../math.ts";
import type { Workspace } from "../workspace.ts";
import { lever } from "./lever.ts";

export const trigger = lever({
  compile: (p, factors) => {
    const rule = p.lineManagement?.trigger;
    return { trigger: rule ? { factor: factors.indexOf(rule.factor), below: rule.below, cut: rule.cut } : null };
  },
  // The starting accounts that close at the start carry their undrawn limit at the horizon, the trigger's.
  stages: { trigger: "start" },
});

type Rule = ReturnType<typeof trigger.compile>["trigger"];

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
    this.last = ws.cutEpisode[i];
    ws.limit[i] = this.cutPeriods(ws.limit[i], drawn, from, to);
    ws.cutEpisode[i] = this.last;
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
