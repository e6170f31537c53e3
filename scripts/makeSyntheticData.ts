/**
 * Writes the example data in `scenarios/data/`: a SYNTHETIC performance file and loan tape.
 * No real loan-level data can be shipped; these are drawn from the stated parameters below
 * with a fixed seed, so anyone can regenerate them byte for byte:
 *   npx tsx scripts/makeSyntheticData.ts
 *
 * The book: two segments, followed for 36 months (months 1…36), accounts opening at an
 * even pace over months 1…30. Each month, given an economy X_t (AR(1), persistence PHI, unit variance), a
 * current account misses a payment with q_t = Φ((Φ⁻¹(miss) − √ρ X_t)/√(1−ρ)), else closes
 * with `attrition`; a delinquent account in Dk rolls on with roll[k], stays with stay[k],
 * else cures to C; Dm rolls into F (default). Defaults carry ead (revolving: balance plus
 * a share of the undrawn limit uniform on CCF ± 0.3) and loss = ead × LGD, LGD ~ Beta(mean
 * LGD_MEAN, sd LGD_SD).
 * `creditlab fit scenarios/data/performance.csv` should recover these within its intervals
 * (ρ is weakly identified by a book this small, and the fit says so).
 */
import { writeFileSync } from "node:fs";
import { randomBeta, randomLogNormal, randomNormal } from "d3-random";
import seedrandom from "seedrandom";
import { Phi, PhiInv } from "../src/math/normal.ts";

export const SEED = "creditlab synthetic data 1";
export const MONTHS = 36;
export const PHI = 0.6;
export const RHO = 0.06;
export const LGD_MEAN = 0.8;
export const LGD_SD = 0.15;
export const CCF = 0.6;
export const SEGMENTS = [
  { name: "cards", accounts: 1000, miss: 0.015, attrition: 0.02, roll: [0.35, 0.5, 0.75], stay: [0.1, 0.15, 0.1], limitMedian: 4000, revolving: true },
  { name: "loans", accounts: 500, miss: 0.008, attrition: 0.015, roll: [0.3, 0.5, 0.7], stay: [0.05, 0.1, 0.1], limitMedian: 8000, revolving: false },
] as const;

function main(): void {
  const rng = seedrandom(SEED);
  const normal = randomNormal.source(rng)(0, 1);
  const x: number[] = [normal()];
  for (let t = 1; t <= MONTHS; t++) x.push(PHI * x[t - 1] + Math.sqrt(1 - PHI * PHI) * normal());
  const beta = randomBeta.source(rng)(LGD_MEAN * kappa(), (1 - LGD_MEAN) * kappa());
  const perf = [
    "# SYNTHETIC DATA, not real accounts: drawn by scripts/makeSyntheticData.ts from stated parameters.",
    "account,month,segment,state,balance,limit,ead,loss",
  ];
  const tape = ["# SYNTHETIC DATA, not real accounts: drawn by scripts/makeSyntheticData.ts from stated parameters.", "balance,limit,state,apr,paymentsLeft,segment"];
  let id = 0;
  for (const seg of SEGMENTS) {
    const size = randomLogNormal.source(rng)(Math.log(seg.limitMedian), 0.5);
    const m = seg.roll.length;
    for (let a = 0; a < seg.accounts; a++) {
      id++;
      // Accounts open evenly over the first 30 months.
      let t = 1 + Math.floor(rng() * 30);
      const limit = Math.round(size());
      let balance = Math.round(limit * (0.2 + 0.6 * rng()));
      let state = 0; // 0 = C, k = Dk
      let payments = 12 + Math.floor(rng() * 36);
      for (; t <= MONTHS; t++) {
        const label = state === 0 ? "C" : `D${state}`;
        perf.push(`${id},${t},${seg.name},${label},${balance},${seg.revolving ? limit : ""},,`);
        if (t === MONTHS) {
          tape.push(`${balance},${seg.revolving ? limit : ""},${label},${seg.revolving ? 0.22 : 0.12},${seg.revolving ? "" : payments},${seg.name}`);
          break;
        }
        const u = rng();
        if (state === 0) {
          const q = Phi((PhiInv(seg.miss) - Math.sqrt(RHO) * x[t]) / Math.sqrt(1 - RHO));
          if (u < q) state = 1;
          else if (rng() < seg.attrition) {
            perf.push(`${id},${t + 1},${seg.name},P,0,${seg.revolving ? limit : ""},,`);
            break;
          } else if (!seg.revolving) {
            balance = Math.max(0, Math.round(balance * (1 - 1 / payments)));
            payments = Math.max(1, payments - 1);
          }
        } else if (u < seg.roll[state - 1]) {
          if (state === m) {
            // Each default draws its own conversion, uniform on CCF ± 0.3.
            const ead = seg.revolving ? Math.round(balance + (CCF - 0.3 + 0.6 * rng()) * (limit - balance)) : balance;
            perf.push(`${id},${t + 1},${seg.name},F,${ead},${seg.revolving ? limit : ""},${ead},${Math.round(ead * beta())}`);
            break;
          }
          state++;
        } else if (u >= seg.roll[state - 1] + seg.stay[state - 1]) state = 0;
      }
    }
  }
  writeFileSync("scenarios/data/performance.csv", perf.join("\n") + "\n");
  writeFileSync("scenarios/data/tape.csv", tape.join("\n") + "\n");
}

/** Beta concentration κ = μ(1−μ)/sd² − 1 (MODEL.md §6). */
function kappa(): number {
  return (LGD_MEAN * (1 - LGD_MEAN)) / (LGD_SD * LGD_SD) - 1;
}

main();
