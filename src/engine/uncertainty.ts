/**
 * Parameter uncertainty (docs/model.md §3.5). A segment's annual rate (pd or missRate), LGD
 * mean and one-year correlation R each carry a normal distribution on the probit scale,
 * median the point value: Φ⁻¹(pd_path) = Φ⁻¹(pd) + σ_pd·ε, Φ⁻¹(μ_path) = Φ⁻¹(μ) + σ_μ·η,
 * Φ⁻¹(R_path) = Φ⁻¹(R) + σ_R·ζ, ε, η and ζ standard normals of the path's own stream
 * (random.ts `Purpose.parameters`, one stream a segment, the account index 0 for ε, 1 for η,
 * 2 for ζ). They are pure functions of (seed, path, segment), so a
 * path draws the same parameters on any number of workers, in any shard, and under every
 * variant: paired comparisons between variants hold the parameters fixed, as they hold the
 * economy. A ci95 [lo, hi] gives σ = (Φ⁻¹(hi) − Φ⁻¹(lo)) / (2·1.96), its ends ±1.96 sd
 * when the interval is symmetric on the probit scale.
 *
 * How the engine applies the draw: pd_path is turned into the latent threshold of the
 * segment's calibrated chain exactly as the point pd is (burdenChain.ts
 * `calibratedThresholds`), and the difference δ = a(pd_path) − a(pd) shifts every account's
 * threshold on the path: its conditional miss probability in period t is
 * Φ((a + δ − √ρ·x_t)/√(1−ρ)) (survival.ts), which needs no division by √ρ and so holds at
 * ρ = 0. Only the miss moves: rolls, cures and the revolving behaviour keep the economy's
 * shift alone. The LGD mean's draw shifts its probit: μ_t = Φ(Φ⁻¹(μ) + σ_μ·η − b·x_t).
 * The correlation's draw scales the path's loadings of the miss and of the rolls by
 * R_path/R (segmentPath.ts `parameterDraw`): the pair keeps the ratio calibrate.ts gives it,
 * and in a one-period book without a ladder the loading is R_path itself.
 */
import { PhiInv } from "../math/normal.ts";
import { keyedUniform, Purpose, streamKeys } from "./random.ts";
import type { Segment } from "../scenario/schema.ts";

/** 97.5% point of the standard normal. */
const Z95 = 1.959963984540054;

/** Sds on the probit scale of a segment's annual rate, LGD mean and one-year correlation (0: held at the point). */
export interface ParameterSpread {
  pd: number;
  lgdMean: number;
  correlation: number;
}

type Spread = { ci95?: [number, number]; sd?: number } | undefined;

function probitSd(p: Spread): number {
  if (!p) return 0;
  if (p.sd !== undefined) return p.sd;
  const [lo, hi] = p.ci95!;
  return (PhiInv(hi) - PhiInv(lo)) / (2 * Z95);
}

/** The segment's `uncertainty` as sds on the probit scale; null without one (or with every sd 0). */
export function compileSpread(u: Segment["uncertainty"]): ParameterSpread | null {
  if (!u) return null;
  const spread = { pd: probitSd(u.pd), lgdMean: probitSd(u.lgdMean), correlation: probitSd(u.correlation) };
  return spread.pd > 0 || spread.lgdMean > 0 || spread.correlation > 0 ? spread : null;
}

/** The path's standard normal draws (ε for the rate, η for the LGD mean, ζ for the correlation) of segment si. */
export function parameterNormals(pathKeys: readonly [number, number], si: number): { rate: number; lgdMean: number; correlation: number } {
  const [k1, k2] = streamKeys(pathKeys, Purpose.parameters, si, 0);
  return { rate: PhiInv(keyedUniform(k1, k2, 0)), lgdMean: PhiInv(keyedUniform(k1, k2, 1)), correlation: PhiInv(keyedUniform(k1, k2, 2)) };
}
