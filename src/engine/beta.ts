/**
 * Beta draws for the LGD (MODEL.md 6) as X/(X + Y) with X, Y gamma variates from
 * Marsaglia and Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3),
 * 2000 (the method d3-random's randomGamma uses). Written here on the engine's own
 * elementary functions (see src/math/elementary.ts) and inverse-CDF normals, so that a default's LGD is
 * the same bits in Node and in the browser.
 */
import { exp, ln, pow } from "../math/elementary.ts";
import { keyedUniform, keyedWord, mix32, uniformOfWord } from "./random.ts";

/**
 * Beta draws from one account's keyed uniforms (a variable number of them, counted from 0
 * in the account's stream), with the stream's state in fields and no closure between the
 * sampler and its uniforms. The profile
 * of a stressed book (a fifth of its accounts default): the closure's uniforms and the
 * gamma variates crossed calls as boxed numbers, the Beta draws made four fifths of what a
 * path allocated, and the collector took a twelfth of the time.
 */
export class KeyedBeta {
  private k1 = 0;
  private k2 = 0;
  private counter = 0;

  /**
   * The shapes a, b of the next `drawShaped` (set by its caller), its draw, and a gamma
   * variate (`gamma`'s), in a typed array's cells. Profile lesson (the stressed book at 1M
   * accounts, a fifth of its accounts default a path): a number passed to or returned from
   * a call the compiler does not inline is a new heap number, and the Beta draws' shapes,
   * variates and draws were 20 MB a path of them.
   */
  readonly io = new Float64Array(4);

  /** Beta(a, b), a, b > 0, from the uniforms of `account` in the stream keyed (k1, k2). */
  draw(k1: number, k2: number, account: number, a: number, b: number): number {
    this.io[0] = a;
    this.io[1] = b;
    this.drawShaped(k1, k2, account);
    return this.io[2];
  }

  /** `draw` of the shapes in io[0], io[1], into io[2]. */
  drawShaped(k1: number, k2: number, account: number): void {
    // The account's own key word, held signed (the same bits in keyedUniform's xor).
    this.k1 = mix32(k1 ^ mix32(account >>> 0)) | 0;
    this.k2 = k2;
    this.counter = 0;
    const io = this.io;
    this.gamma(0);
    const x = io[3];
    if (x !== 0) {
      this.gamma(1);
      io[2] = x / (x + io[3]);
      return;
    }
    const a = io[0];
    const b = io[1];
    // X underflowed: with both shapes tiny (an sd near its limit √(μ(1−μ))) so may Y, and
    // the draw is then a coin between near 0 and near 1 with P(near 1) ≈ the mean; 0 for
    // every draw would lose that mass. Compared on the log scale (only here: the other
    // draws keep their bits).
    const lx = ln(this.core) + ln(this.boostUniform) / a;
    this.gamma(1);
    const ly = ln(this.core) + ln(this.boostUniform) / b;
    io[2] = 1 / (1 + exp(ly - lx));
  }

  /** The last gamma draw's parts: d·v, and the uniform whose power 1/k boosted it (1 for k ≥ 1). */
  private core = 1;
  private boostUniform = 1;

  /** The gamma variates' normals, written by `normalOfBits` (a number returned from a call not inlined is a new heap object). */
  private readonly normal = new Float64Array(1);

  private uniform(): number {
    return keyedUniform(this.k1, this.k2, this.counter++);
  }

  /**
   * A Gamma(k, 1) draw into io[3], k = io[j] > 0. For k < 1: Gamma(k) = Gamma(k + 1) · U^(1/k)
   * (Marsaglia and Tsang, section 6).
   */
  private gamma(j: number): void {
    const k = this.io[j];
    const u0 = k < 1 ? this.uniform() : 1;
    this.boostUniform = u0;
    const boost = k < 1 ? pow(u0, 1 / k) : 1;
    const d = (k < 1 ? k + 1 : k) - 1 / 3;
    const c = 1 / (3 * Math.sqrt(d));
    for (;;) {
      let x: number;
      let v: number;
      do {
        // PhiInv(this.uniform()), bit for bit; the word passed signed (a small integer, not a heap number).
        normalOfBits(keyedWord(this.k1, this.k2, this.counter++), this.normal);
        x = this.normal[0];
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      // The squeeze accepts most draws without a logarithm.
      if (u < 1 - 0.0331 * x * x * x * x || ln(u) < 0.5 * x * x + d * (1 - v + ln(v))) {
        this.io[3] = (this.core = d * v) * boost;
        return;
      }
    }
  }
}

// Boost's erf_inv_imp (boost/math/special_functions/detail/erf_inv.hpp, 64-bit branch), as
// stdlib's @stdlib/math-base-special-erfcinv 0.2.4 ports it (lib/main.js, rational_p1q1 to
// rational_p4q4.js): its constants and its order of operations.
const Y1 = 8.91314744949340820313e-2;
const Y2 = 2.249481201171875;
const Y3 = 8.07220458984375e-1;
const Y4 = 9.3995571136474609375e-1;

/**
 * out[0] = PhiInv(u) = −√2·erfcinv(2u) for the uniform u = (word + 0.5)·2⁻³² of a keyed
 * 32-bit word (random.ts `keyedUniform`), bit for bit what normal.ts gives, copied here so
 * that no number crosses a call boxed: on the stressed book the LGD draw was an eighth of
 * the time with the collector, and stdlib's erfcinv, its rational functions and the
 * numbers passed between them allocated half of a path's garbage (the draw's share, 34 MB
 * per ten paths at 100k accounts, fell to 12 MB with this copy). Only the branches
 * that such a u reaches are kept: 2u lies in [2⁻³², 2 − 2⁻³²] and is never 0, 1 or 2,
 * so q = min(2u, 2 − 2u) ≥ 2⁻³², √(−ln q) < 4.8 and Boost's last interval (√(−ln q) ≥ 6)
 * is never reached. test/engine/beta.test.ts checks it against stdlib's erfcinv.
 */
export function normalOfBits(word: number, out: Float64Array): void {
  const x = 2 * uniformOfWord(word);
  let sign: number;
  let q: number;
  if (x > 1.0) {
    sign = -1.0;
    q = 2.0 - x;
  } else {
    sign = 1.0;
    q = x;
  }
  const y = 1.0 - q;
  let e: number;
  if (y <= 0.5) {
    // rational_p1q1 at y in (0, 0.5]: its |y| ≤ 1 branch.
    const g = y * (y + 10.0);
    let r: number;
    if (y === 0.0) r = -0.0005087819496582806;
    else {
      const s1 = -0.0005087819496582806 + (y * (-0.008368748197417368 + (y * (0.03348066254097446 + (y * (-0.012692614766297404 + (y * (-0.03656379714117627 + (y * (0.02198786811111689 + (y * (0.008226878746769157 + (y * (-0.005387729650712429 + (y * (0.0 + (y * 0.0)))))))))))))))));
      const s2 = 1.0 + (y * (-0.9700050433032906 + (y * (-1.5657455823417585 + (y * (1.5622155839842302 + (y * (0.662328840472003 + (y * (-0.7122890234154284 + (y * (-0.05273963823400997 + (y * (0.07952836873415717 + (y * (-0.0023339375937419 + (y * 0.0008862163904564247)))))))))))))))));
      r = s1 / s2;
    }
    e = sign * (g * Y1 + g * r);
  } else if (q >= 0.25) {
    // rational_p2q2 at q − 0.25 in [0, 0.25): its |x| ≤ 1 branch.
    const g = Math.sqrt(-2.0 * ln(q));
    const z = q - 0.25;
    let r: number;
    if (z === 0.0) r = -0.20243350835593876;
    else {
      const s1 = -0.20243350835593876 + (z * (0.10526468069939171 + (z * (8.3705032834312 + (z * (17.644729840837403 + (z * (-18.851064805871424 + (z * (-44.6382324441787 + (z * (17.445385985570866 + (z * (21.12946554483405 + (z * -3.6719225470772936)))))))))))))));
      const s2 = 1.0 + (z * (6.242641248542475 + (z * (3.971343795334387 + (z * (-28.66081804998 + (z * (-20.14326346804852 + (z * (48.560921310873994 + (z * (10.826866735546016 + (z * (-22.643693341313973 + (z * 1.7211476576120028)))))))))))))));
      r = s1 / s2;
    }
    e = sign * (g / (Y2 + r));
  } else {
    const t = Math.sqrt(-ln(q));
    let r: number;
    if (t < 3.0) {
      // rational_p3q3 at t − 1.125 in (0, 1.875): both of its branches.
      let z = t - 1.125;
      if (z === 0.0) r = -0.1311027816799519;
      else if (z <= 1.0) {
        const s1 = -0.1311027816799519 + (z * (-0.16379404719331705 + (z * (0.11703015634199525 + (z * (0.38707973897260434 + (z * (0.3377855389120359 + (z * (0.14286953440815717 + (z * (0.029015791000532906 + (z * (0.0021455899538880526 + (z * (-6.794655751811263e-7 + (z * (2.8522533178221704e-8 + (z * -6.81149956853777e-10)))))))))))))))))));
        const s2 = 1.0 + (z * (3.4662540724256723 + (z * (5.381683457070069 + (z * (4.778465929458438 + (z * (2.5930192162362027 + (z * (0.848854343457902 + (z * (0.15226433829533179 + (z * (0.011059242293464892 + (z * (0.0 + (z * (0.0 + (z * 0.0)))))))))))))))))));
        r = s1 / s2;
      } else {
        z = 1.0 / z;
        const s1 = -6.81149956853777e-10 + (z * (2.8522533178221704e-8 + (z * (-6.794655751811263e-7 + (z * (0.0021455899538880526 + (z * (0.029015791000532906 + (z * (0.14286953440815717 + (z * (0.3377855389120359 + (z * (0.38707973897260434 + (z * (0.11703015634199525 + (z * (-0.16379404719331705 + (z * -0.1311027816799519)))))))))))))))))));
        const s2 = 0.0 + (z * (0.0 + (z * (0.0 + (z * (0.011059242293464892 + (z * (0.15226433829533179 + (z * (0.848854343457902 + (z * (2.5930192162362027 + (z * (4.778465929458438 + (z * (5.381683457070069 + (z * (3.4662540724256723 + (z * 1.0)))))))))))))))))));
        r = s1 / s2;
      }
      e = sign * (Y3 * t + r * t);
    } else {
      // rational_p4q4 at t − 3 in [0, 1.8): both of its branches.
      let z = t - 3.0;
      if (z === 0.0) r = -0.0350353787183178;
      else if (z <= 1.0) {
        const s1 = -0.0350353787183178 + (z * (-0.0022242652921344794 + (z * (0.018557330651423107 + (z * (0.009508047013259196 + (z * (0.0018712349281955923 + (z * (0.00015754461742496055 + (z * (0.00000460469890584318 + (z * (-2.304047769118826e-10 + (z * 2.6633922742578204e-12)))))))))))))));
        const s2 = 1.0 + (z * (1.3653349817554064 + (z * (0.7620591645536234 + (z * (0.22009110576413124 + (z * (0.03415891436709477 + (z * (0.00263861676657016 + (z * (0.00007646752923027944 + (z * (0.0 + (z * 0.0)))))))))))))));
        r = s1 / s2;
      } else {
        z = 1.0 / z;
        const s1 = 2.6633922742578204e-12 + (z * (-2.304047769118826e-10 + (z * (0.00000460469890584318 + (z * (0.00015754461742496055 + (z * (0.0018712349281955923 + (z * (0.009508047013259196 + (z * (0.018557330651423107 + (z * (-0.0022242652921344794 + (z * -0.0350353787183178)))))))))))))));
        const s2 = 0.0 + (z * (0.0 + (z * (0.00007646752923027944 + (z * (0.00263861676657016 + (z * (0.03415891436709477 + (z * (0.22009110576413124 + (z * (0.7620591645536234 + (z * (1.3653349817554064 + (z * 1.0)))))))))))))));
        r = s1 / s2;
      }
      e = sign * (Y4 * t + r * t);
    }
  }
  out[0] = -Math.SQRT2 * e;
}
