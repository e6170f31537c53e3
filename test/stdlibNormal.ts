/**
 * The standard normal's distribution and quantile from stdlib, independent of the engine's
 * own (src/math/normal.ts): the closed forms the tests compare the engine with are computed
 * on these.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import erfcinv from "@stdlib/math-base-special-erfcinv";

export const Phi = (x: number): number => normalCdf(x, 0, 1);
export const PhiInv = (p: number): number => -Math.SQRT2 * erfcinv(2 * p);
