/**
 * The 97.5% quantile of Student's t distribution, for 95% intervals from few sections or
 * few paths. Degrees of freedom 1 to 30 come from the standard table (NIST/SEMATECH
 * e-Handbook of Statistical Methods, section 1.3.6.7.2, "Critical values of the Student's
 * t distribution"); above 30 the Cornish–Fisher expansion in 1/ν of Abramowitz and Stegun,
 * "Handbook of Mathematical Functions", 26.7.5, whose error there is below 1e-6.
 */

const TABLE_975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
  2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
  2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
];

/** z_0.975, the normal quantile the expansion starts from. */
export const Z_975 = 1.959963984540054;

/** t_{0.975, ν}: the half-width, in standard errors, of a two-sided 95% t interval. ν ≥ 1. */
export function studentT975(df: number): number {
  if (!(Number.isInteger(df) && df >= 1)) throw new Error(`studentT975: degrees of freedom ${df} must be a positive integer`);
  if (df <= TABLE_975.length) return TABLE_975[df - 1];
  const z = Z_975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}
