/**
 * A plain generator of performance files from known monthly rates, written without the
 * code under test: every account starts current in month 1 and moves month by month
 * (from C: miss with `miss`, else close with `attrition`; from Dk: roll on with roll[k],
 * stay with stay[k], else cure to C; Dm rolls into F). With `rho` > 0 the miss rate of each
 * month is the Vasicek one given an AR(1) economy (persistence `phi`), and with `rollRho` > 0
 * the roll rates too (capped at 1 − stay, as the engine caps them).
 */
import { randomNormal } from "d3-random";
import seedrandom from "seedrandom";
import { Phi, PhiInv } from "../../src/math/normal.ts";

export interface Truth {
  miss: number;
  attrition: number;
  roll: number[];
  stay: number[];
  rho?: number;
  phi?: number;
  rollRho?: number;
}

/** Vasicek's conditional rate: p shifted by the factor value x at correlation rho. */
const shifted = (p: number, rho: number, x: number) => (rho === 0 ? p : Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho)));

export function makePanel(truth: Truth, accounts: number, months: number, seed: string): string {
  const rng = seedrandom(seed);
  const normal = randomNormal.source(rng)(0, 1);
  const rho = truth.rho ?? 0;
  const phi = truth.phi ?? 0;
  const economy: number[] = [normal()];
  for (let t = 1; t < months; t++) economy.push(phi * economy[t - 1] + Math.sqrt(1 - phi * phi) * normal());
  const missOf = economy.map((x) => shifted(truth.miss, rho, x));
  const rollOf = economy.map((x) => truth.roll.map((r, k) => Math.min(shifted(r, truth.rollRho ?? 0, x), 1 - truth.stay[k])));
  const m = truth.roll.length;
  const lines = ["account,month,state,balance"];
  for (let a = 0; a < accounts; a++) {
    let state = 0;
    for (let t = 1; t <= months; t++) {
      lines.push(`A${a},${t},${state === 0 ? "C" : `D${state}`},100`);
      if (t === months) break;
      const u = rng();
      if (state === 0) {
        if (u < missOf[t - 1]) state = 1;
        else if (rng() < truth.attrition) {
          lines.push(`A${a},${t + 1},P,0`);
          break;
        }
      } else if (u < rollOf[t - 1][state - 1]) {
        if (state === m) {
          lines.push(`A${a},${t + 1},F,100`);
          break;
        }
        state++;
      } else if (u >= rollOf[t - 1][state - 1] + truth.stay[state - 1]) state = 0;
    }
  }
  return lines.join("\n") + "\n";
}

/** The truth's probability of default within 12 months from C, by plain matrix powers (no attrition). */
export function truthPd(truth: Truth): number {
  const m = truth.roll.length;
  const size = m + 2; // C, D1..Dm, F
  const P = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  P[0][1] = truth.miss;
  P[0][0] = 1 - truth.miss;
  for (let k = 1; k <= m; k++) {
    P[k][k + 1] = truth.roll[k - 1];
    P[k][k] = truth.stay[k - 1];
    P[k][0] = 1 - truth.roll[k - 1] - truth.stay[k - 1];
  }
  P[m + 1][m + 1] = 1;
  let power: number[][] = P.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
  for (let n = 0; n < 12; n++) power = power.map((row) => row.map((_, j) => row.reduce((s: number, x: number, k: number) => s + x * P[k][j], 0)));
  return power[0][m + 1];
}

/**
 * The truth's 12-month default probability through the cycle, by plain Monte Carlo over
 * `paths` stationary AR(1) factor paths (persistence `phi`, X_1 ~ N(0, 1)): each path's
 * absorption by stepping the distribution over C, D1..Dm, F with that month's shifted
 * rates, averaged. Returns the mean and its standard error.
 */
export function truthPdThroughCycle(truth: Truth, paths: number, seed: string): { mean: number; se: number } {
  const normal = randomNormal.source(seedrandom(seed))(0, 1);
  const rho = truth.rho ?? 0;
  const phi = truth.phi ?? 0;
  const m = truth.roll.length;
  let sum = 0;
  let sum2 = 0;
  for (let p = 0; p < paths; p++) {
    let x = normal();
    let d = new Array<number>(m + 2).fill(0);
    d[0] = 1;
    for (let t = 0; t < 12; t++) {
      const h = shifted(truth.miss, rho, x);
      const next = new Array<number>(m + 2).fill(0);
      next[m + 1] = d[m + 1];
      next[m === 0 ? m + 1 : 1] += d[0] * h;
      next[0] += d[0] * (1 - h);
      for (let k = 1; k <= m; k++) {
        const r = Math.min(shifted(truth.roll[k - 1], truth.rollRho ?? 0, x), 1 - truth.stay[k - 1]);
        next[k === m ? m + 1 : k + 1] += d[k] * r;
        next[k] += d[k] * truth.stay[k - 1];
        next[0] += d[k] * (1 - r - truth.stay[k - 1]);
      }
      d = next;
      x = phi * x + Math.sqrt(1 - phi * phi) * normal();
    }
    sum += d[m + 1];
    sum2 += d[m + 1] ** 2;
  }
  const mean = sum / paths;
  return { mean, se: Math.sqrt((sum2 / paths - mean * mean) / paths) };
}
