/**
 * The one adapter from a path's outputs to the pool flows the waterfall reads
 * (waterfall.ts `PoolFlows`), so that the waterfall never reads the engine's columns itself.
 *
 * It reads what every path reports today: the balance at the start and at each period's
 * end, each period's net loss, and the path's income. So (docs/model.md §9.3):
 * - charge-offs: the period's net loss (EAD × LGD at default: the loss net of the
 *   recoveries the LGD expects), with no separate recoveries;
 * - finance charges: the path's income (interest, fees, merchant and plan fees) shared among
 *   periods by their average balance, (B_{t−1} + B_t)/2;
 * - principal collections: the fall of the balance not charged off, B_{t−1} − B_t − loss_t,
 *   at least 0 (a month whose new draws exceed repayments collects nothing net).
 * The per-period cash columns of the book, when the engine reports them, take the place of
 * these shares here and nowhere else.
 */
import type { PoolFlows } from "./waterfall.ts";

export interface PathPool {
  /** The pool's balance at the start. */
  start: number;
  /** Period t's end balance and net loss, t = 1..T. */
  balance: (t: number) => number;
  loss: (t: number) => number;
  /** The path's income over the horizon. */
  income: number;
}

export function poolFlows(p: PathPool, T: number, into?: PoolFlows): PoolFlows {
  const f = into ?? { balance: new Float64Array(T + 1), finance: new Float64Array(T), principal: new Float64Array(T), defaults: new Float64Array(T), recoveries: new Float64Array(T) };
  f.balance[0] = p.start;
  let weights = 0;
  for (let t = 1; t <= T; t++) {
    f.balance[t] = p.balance(t);
    weights += (f.balance[t - 1] + f.balance[t]) / 2;
  }
  for (let t = 1; t <= T; t++) {
    const loss = p.loss(t);
    f.defaults[t - 1] = loss;
    f.recoveries[t - 1] = 0;
    f.principal[t - 1] = Math.max(0, f.balance[t - 1] - f.balance[t] - loss);
    f.finance[t - 1] = weights > 0 ? (p.income * (f.balance[t - 1] + f.balance[t])) / 2 / weights : 0;
  }
  return f;
}
