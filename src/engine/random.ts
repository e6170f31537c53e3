/**
 * A counter-based (keyed) generator: every uniform is a pure function of
 * (seed, path, purpose, segment, period, account), so a path's numbers depend on
 * (seed, path) alone, whatever the chunking or the number of workers, and an account sees
 * the same number for the same purpose under every variant (MODEL.md section 10).
 *
 * Construction: the scenario's seed goes through seedrandom (ARC4) into two 32-bit key
 * words. Keys for a path and then for a stream (purpose, segment, period) are derived by
 * hashing; a uniform is `mix(mix(account ^ k1) ^ k2)`. `mix` is the "lowbias32" integer
 * finalizer found by Chris Wellons' hash prospector
 * (https://nullprogram.com/blog/2018/07/31/), a bijection of 32-bit integers with strong
 * avalanche. Two keyed rounds make a stream a non-linear function of the account, so two
 * streams never repeat each other's numbers shifted by an index, as a single Weyl-keyed
 * round would. This is the idea of Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3" (SC 2011), with a cheaper round function; test/engine/random.test.ts checks
 * uniformity and independence across accounts, periods, paths and purposes.
 */
import seedrandom from "seedrandom";

/** lowbias32 (Wellons): xorshift-multiply rounds, a bijection on 32-bit integers. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x;
}

const TWO_POW_M32 = 2 ** -32;

/**
 * A uniform in (0, 1) for `index` in the stream keyed (k1, k2); never 0 or 1:
 * (keyedBits(k1, k2, index) + 0.5)·2⁻³².
 */
export function keyedUniform(k1: number, k2: number, index: number): number {
  return uniformOfWord(keyedWord(k1, k2, index));
}

/** The uniform of a keyed word (signed or not): (word as unsigned + 0.5)·2⁻³², as `keyedUniform` forms it. */
export function uniformOfWord(word: number): number {
  return ((word >>> 0) + 0.5) * TWO_POW_M32;
}

/** keyedBits as an unsigned integer. */
export function keyedBits(k1: number, k2: number, index: number): number {
  return keyedWord(k1, k2, index) >>> 0;
}

/**
 * The 32 random bits behind keyedUniform, as a signed integer (`keyedBits` unsigned):
 * mix32(mix32(index ^ k1) ^ k2), written out so that it stays in 32-bit integers. (Calling
 * a shared round function here instead made the whole account loop about a fifth slower in
 * V8, so mix32's body is repeated on purpose.) Signed, as V8 holds every signed 32-bit
 * integer as a small integer: returned from a call not inlined, or passed to one (the
 * Beta draw's `normalOfBits`), it is never a new heap number, where an unsigned word of
 * 2³¹ or more is one. The start loop compares these bits, made unsigned, with thresholds
 * from `bitsBelow` and forms the uniform only past them.
 */
export function keyedWord(k1: number, k2: number, index: number): number {
  let x = index ^ k1;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= (x >>> 16) ^ k2;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x;
}

/**
 * The threshold t with keyedBits(…) < t exactly when keyedUniform(…) < p: p·2³² − 0.5
 * (both steps are exact in floating point for p in [0, 1]).
 */
export function bitsBelow(p: number): number {
  return p * 2 ** 32 - 0.5;
}

/**
 * What a stream of numbers is for: one stream per purpose, segment and month (or, for an
 * episode in C, the month the episode began).
 */
export const Purpose = {
  /** A delinquent account's month: roll / stay / cure. */
  transition: 1,
  /** Whether an account leaving C missed a payment or attrited. */
  exitKind: 2,
  forbearance: 3,
  lgd: 4,
  /** Static attributes of the book and its applicants: score, limit, principal. */
  score: 5,
  size: 6,
  /** Which starting accounts are already delinquent. */
  start: 7,
  /** The month a current account next leaves C, one uniform an episode (MODEL.md 10). */
  exit: 8,
  /** A transactor starting to revolve or a revolver paying in full (and, at path −1, who revolves at the start). */
  behaviour: 9,
  /** A revolver converting its balance into an instalment plan. */
  convert: 10,
  /** A path's draw of a segment's uncertain parameters (uncertainty.ts), at month 0. */
  parameters: 11,
} as const;
export type Purpose = (typeof Purpose)[keyof typeof Purpose];

/** Key words of a scenario's seed (a string or an integer) through seedrandom. */
export function seedKeys(seed: string | number): [number, number] {
  const rng = seedrandom(`creditlab:${typeof seed}:${seed}`);
  return [rng.int32() >>> 0, rng.int32() >>> 0];
}

/** Key words of one path. The book's static attributes use `path = -1`. */
export function pathKeys(seed: readonly [number, number], path: number): [number, number] {
  const a = mix32(seed[0] ^ mix32((path + 0x632be5ab) >>> 0));
  const b = mix32((seed[1] + Math.imul(a, 0x9e3779b9)) >>> 0);
  return [a, b];
}

/** Key words of one stream within a path: (purpose, segment, month). */
export function streamKeys(
  path: readonly [number, number],
  purpose: Purpose,
  segment: number,
  month: number,
): [number, number] {
  const tag = mix32(((purpose << 24) ^ (segment << 16) ^ month) >>> 0);
  const k1 = mix32(path[0] ^ tag);
  const k2 = mix32((path[1] + Math.imul(k1 ^ tag, 0x85ebca6b)) >>> 0);
  // As signed 32-bit integers: the same bits, and no conversion in the hot loop.
  return [k1 | 0, k2 | 0];
}

/** The per-path source of macro normals: seedrandom keyed by (seed, path). */
export function macroRandom(seed: string | number, path: number): () => number {
  return seedrandom(`creditlab:macro:${typeof seed}:${seed}:${path}`);
}

/** The normals of a path's economy before its start (what a macro link's lags read), apart from its own so that no other draw moves. */
export function historyRandom(seed: string | number, path: number): () => number {
  return seedrandom(`creditlab:macro-history:${typeof seed}:${seed}:${path}`);
}
