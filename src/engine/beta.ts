/**
 * Beta draws for the LGD (MODEL.md 6) as X/(X + Y) with X, Y gamma variates from
 * Marsaglia and Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3),
 * 2000 (the method d3-random's randomGamma uses). Written here on the engine's own
 * elementary functions (see src/math/elementary.ts) and inverse-CDF normals, so that a default's LGD is
 * the same bits in Node and in the browser. The source gives uniforms in (0, 1).
 */
import { PhiInv } from "../math/normal.ts";
import { ln, pow } from "../math/elementary.ts";
import { keyedUniform, mix32 } from "./random.ts";

/** A Gamma(k, 1) draw, k > 0. */
export function gamma(source: () => number, k: number): number {
  // For k < 1: Gamma(k) = Gamma(k + 1) · U^(1/k) (Marsaglia and Tsang, section 6).
  const boost = k < 1 ? pow(source(), 1 / k) : 1;
  const d = (k < 1 ? k + 1 : k) - 1 / 3;
  const c = 1 / (3 * Math.sqrt(d));
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = PhiInv(source());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = source();
    // The squeeze accepts most draws without a logarithm.
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * boost;
    if (ln(u) < 0.5 * x * x + d * (1 - v + ln(v))) return d * v * boost;
  }
}

/** A Beta(a, b) draw, a, b > 0. */
export function beta(source: () => number, a: number, b: number): number {
  const x = gamma(source, a);
  return x === 0 ? 0 : x / (x + gamma(source, b));
}

/**
 * The same Beta draws from one account's keyed uniforms, bit for bit what
 * `beta(new KeyedStream().reset(k1, k2, account).next, a, b)` gives (random.ts), with the
 * stream's state in fields and no closure between the sampler and its uniforms. The profile
 * of a stressed book (a fifth of its accounts default): the closure's uniforms and the
 * gamma variates crossed calls as boxed numbers, the Beta draws made four fifths of what a
 * path allocated, and the collector took a twelfth of the time.
 */
export class KeyedBeta {
  private k1 = 0;
  private k2 = 0;
  private counter = 0;

  /** Beta(a, b), a, b > 0, from the uniforms of `account` in the stream keyed (k1, k2). */
  draw(k1: number, k2: number, account: number, a: number, b: number): number {
    // As KeyedStream.reset keys it; held as a signed word (the same bits in keyedUniform's xor).
    this.k1 = mix32(k1 ^ mix32(account >>> 0)) | 0;
    this.k2 = k2;
    this.counter = 0;
    const x = this.gamma(a);
    return x === 0 ? 0 : x / (x + this.gamma(b));
  }

  private uniform(): number {
    return keyedUniform(this.k1, this.k2, this.counter++);
  }

  /** `gamma` on the account's uniforms, in the same order. */
  private gamma(k: number): number {
    const boost = k < 1 ? pow(this.uniform(), 1 / k) : 1;
    const d = (k < 1 ? k + 1 : k) - 1 / 3;
    const c = 1 / (3 * Math.sqrt(d));
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = PhiInv(this.uniform());
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * boost;
      if (ln(u) < 0.5 * x * x + d * (1 - v + ln(v))) return d * v * boost;
    }
  }
}
