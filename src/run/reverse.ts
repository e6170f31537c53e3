/**
 * The reverse stress test (docs/model.md §9.4): the value of one scenario key at which a
 * statistic of a book metric (its mean, or its quantile Q) reaches a level.
 *
 * Every evaluation runs the same paths on the same random numbers (one seed), so a change
 * of the key moves every path in one direction (MODEL.md §10: the coupling is monotone)
 * and the statistic is a monotone step function of the key, with no noise between
 * evaluations. The root is found by the Illinois variant of regula falsi on a bracket.
 *
 * The 95% interval is found by inverting the statistic's own 95% interval (a confidence
 * set by test inversion): the keys at which the level lies inside the statistic's interval.
 * Where the statistic increases with the key, the interval's upper end reaches the level
 * first, so the set is [root of upper = level, root of lower = level]; it is decreasing
 * the other way round. At the true key the statistic's interval covers the level 95% of
 * the time, so the set covers the true key as often.
 */
import type { PathMetricName } from "../engine/metrics.ts";
import { numberKey, refusedValue, type NumberKey } from "../scenario/numberKey.ts";
import type { Scenario } from "../scenario/schema.ts";
import { loadYaml } from "../scenario/loadYaml.ts";
import { keyValue } from "../scenario/setKeys.ts";
import { MIN_TAIL_PATHS, missingErrorReason } from "../stats/errorBars.ts";
import { readStatistic, type Statistic } from "../stats/statistic.ts";
import { grouped } from "../format/number.ts";
import { err, ok, type Result } from "../util/result.ts";
import type { KeyRunError, KeyValues } from "./keyRuns.ts";

/** A statistic and its 95% interval at one value of the key. */
export interface Reading {
  statistic: number;
  lower: number;
  upper: number;
}

export interface ReverseOptions {
  /** The statistic at a key value, or why the key cannot take it (out of its allowed range). */
  evaluate(value: number): Promise<Result<Reading, string>>;
  /** The level the statistic must reach. */
  reach: number;
  /** The key's value in the scenario: where a search for a bracket starts. */
  start?: number;
  /** A bracket [lo, hi] given by the user; else one is searched for from `start`. */
  between?: [number, number];
  /**
   * The key's bounds, where its schema sets them: a step past an inclusive bound lands on
   * it, and one past an exclusive bound is bisected back towards it (no run is made at a
   * value the schema refuses).
   */
  limits?: Pick<NumberKey, "min" | "max">;
  /** How messages name what the user can give (the command line's flags when absent). */
  words?: ReverseWords;
}

/**
 * How a message names the two things a user can give the search, a bracket and a path
 * count: the command line's flags, or the page's fields and the cell's key.
 */
export interface ReverseWords {
  /** Advice to give a bracket, ending a message: "give --between LO,HI". */
  giveBracket: string;
  /** A bracket given, as the subject of a message about it: "--between 0,0.5". */
  bracket(between: [number, number]): string;
  /** How to ask for n paths: "--paths 20". */
  paths(n: number): string;
}

const FLAG_WORDS: ReverseWords = {
  giveBracket: "give --between LO,HI",
  bracket: (between) => `--between ${between.join(",")}`,
  paths: (n) => `--paths ${n}`,
};

export interface ReverseAnswer {
  value: number;
  /** The keys at which the level lies within the statistic's 95% interval; an end at the bracket's edge is `clipped`. */
  ci95: [number, number];
  clipped: { low: boolean; high: boolean };
  /** The statistic at `value` and its interval. */
  reading: Reading;
  /** Whether the statistic rises with the key. */
  increasing: boolean;
  /** Runs made. */
  evaluations: number;
  bracket: [number, number];
  /**
   * Null when the statistic rose (or fell) with the key at every value run, as the search
   * assumes; else the first pair of values run at which it went the other way: other values
   * of the key may reach the level too, and the interval is not a confidence set.
   */
  reversal: { from: number; to: number; statistics: [number, number] } | null;
}

/** Steps of the bracket search, each twice as long as the last. */
const MAX_EXPANSIONS = 30;
/** Bisections of the domain's edge when a step leaves the key's allowed range. */
const EDGE_BISECTIONS = 20;
/** Iterations of a root search: the bracket shrinks at least by half on every other one. */
const MAX_ITERATIONS = 60;
/**
 * A root search stops when its bracket is this share of the bracket around the level: the
 * statistic is a step function of the key (defaults are whole numbers), and its interval
 * is far wider than a ten-thousandth of that range.
 */
const TOLERANCE = 1e-4;
/** A root is close enough within this share of the statistic's 95% interval (a hundredth of its half-width). */
const SETTLE = 0.005;
/** The same for the ends of the interval, which are themselves no surer than a thousandth of it. */
const BOUND_TOLERANCE = 1e-3;

/** How the search reads a function of the key at a bracket's end. */
type Side = (r: Reading) => number;
/** Which edge of a step on which the function equals the level a root search returns (null: any point of it). */
type Edge = "low" | "high" | null;

export async function reverseStress(options: ReverseOptions): Promise<Result<ReverseAnswer, string>> {
  const cache = new Map<number, Reading>();
  let evaluations = 0;
  const at = async (v: number): Promise<Result<Reading, string>> => {
    const hit = cache.get(v);
    if (hit) return ok(hit);
    evaluations++;
    const r = await options.evaluate(v);
    if (r.ok) cache.set(v, r.value);
    return r;
  };
  const words = options.words ?? FLAG_WORDS;
  const bracket = options.between ? await given(options.between, at, words) : await searchBracket(options, at, words);
  if (!bracket.ok) {
    // A level "out of reach" of a statistic seen to turn may lie where it turned.
    const turn = reversal(cache);
    if (!turn || !/^cannot reach/.test(bracket.error)) return bracket;
    return err(`${bracket.error}; but the statistic is not monotone in the key (${num(turn.statistics[0])} at ${keyNum(turn.from)}, ${num(turn.statistics[1])} at ${keyNum(turn.to)}), so a value between may reach it: ${words.giveBracket} around it`);
  }
  const [a, b] = bracket.value;
  const fa = cache.get(a)!.statistic;
  const fb = cache.get(b)!.statistic;
  const reach = options.reach;
  if (!straddle(fa - reach, fb - reach)) {
    return err(`cannot reach ${reach} between ${keyNum(a)} and ${keyNum(b)}: the statistic is ${num(fa)} at ${keyNum(a)} and ${num(fb)} at ${keyNum(b)}`);
  }
  const increasing = fb > fa || (fb === fa && a <= b);
  const root = (side: Side) => findRoot(side, reach, [a, b], cache, at, null, TOLERANCE * (b - a));
  const mid = await root((r) => r.statistic);
  if (!mid.ok) return mid;
  // The ends of the interval: where the statistic's upper and lower bounds reach the level.
  // A bound still on the far side at the bracket's end is followed out of the bracket
  // (unless the user gave it), and clips the interval at the key's allowed range.
  const bound = async (side: Side, edge: Edge): Promise<Result<{ value: number; clipped: boolean }, string>> => {
    let lo = a;
    let hi = b;
    const gap = (v: number) => side(cache.get(v)!) - reach;
    if (!straddle(gap(lo), gap(hi))) {
      if (options.between) return ok({ value: Math.abs(gap(lo)) < Math.abs(gap(hi)) ? lo : hi, clipped: true });
      // The bound has not crossed: it lies beyond the end where its gap is smaller.
      const outward = Math.abs(gap(lo)) < Math.abs(gap(hi)) ? -1 : 1;
      let edge = outward < 0 ? lo : hi;
      let step = Math.abs(b - a);
      let crossed = false;
      for (let i = 0; i < MAX_EXPANSIONS && !crossed; i++) {
        const was = edge;
        const next = await allowedStep(edge, outward * step, at, options.limits, (r) => straddle(gap(was), side(r) - reach));
        if (!next.ok || next.value.value === edge) return ok({ value: edge, clipped: true });
        edge = next.value.value;
        crossed = straddle(gap(was), gap(edge));
        if (crossed) [lo, hi] = order(was, edge);
        else if (next.value.atEdge) return ok({ value: edge, clipped: true });
        step *= 2;
      }
      if (!crossed) return ok({ value: edge, clipped: true });
    }
    const r = await findRoot(side, reach, [lo, hi], cache, at, edge, BOUND_TOLERANCE * (b - a));
    return r.ok ? ok({ value: r.value, clipped: false }) : r;
  };
  // On a step where a bound equals the level, the interval takes the step's far edge: the
  // upper bound closes the low end of the interval when the statistic rises, the high end
  // when it falls.
  const byUpper = await bound((r) => r.upper, increasing ? "low" : "high");
  if (!byUpper.ok) return byUpper;
  const byLower = await bound((r) => r.lower, increasing ? "high" : "low");
  if (!byLower.ok) return byLower;
  const [low, high] = byUpper.value.value <= byLower.value.value ? [byUpper.value, byLower.value] : [byLower.value, byUpper.value];
  return ok({
    value: mid.value,
    ci95: [low.value, high.value],
    clipped: { low: low.clipped, high: high.clipped },
    reading: cache.get(mid.value)!,
    increasing,
    evaluations,
    bracket: [a, b],
    reversal: reversal(cache, increasing),
  });
}

/**
 * The first neighbouring pair of the values run at which the statistic moved against the
 * direction of the search (`increasing`; without it, against its first move). On common
 * random numbers a metric that is monotone on each path gives an exactly monotone mean or
 * quantile; the slack allows only for the rounding of a sum whose terms are the same numbers
 * added in another order.
 */
function reversal(cache: Map<number, Reading>, increasing?: boolean): ReverseAnswer["reversal"] {
  const seen = [...cache.entries()].sort((x, y) => x[0] - y[0]);
  let rising = increasing;
  for (let i = 1; i < seen.length; i++) {
    const [v0, r0] = seen[i - 1];
    const [v1, r1] = seen[i];
    const slack = 1e-9 * Math.max(Math.abs(r0.statistic), Math.abs(r1.statistic));
    const change = r1.statistic - r0.statistic;
    if (Math.abs(change) <= slack) continue;
    if (rising === undefined) rising = change > 0;
    else if (change > 0 !== rising) return { from: v0, to: v1, statistics: [r0.statistic, r1.statistic] };
  }
  return null;
}

async function given(between: [number, number], at: (v: number) => Promise<Result<Reading, string>>, words: ReverseWords): Promise<Result<[number, number], string>> {
  for (const v of between) {
    const r = await at(v);
    if (!r.ok) return err(`${words.bracket(between)}: at ${v}: ${r.error}`);
  }
  return ok(between);
}

/** A number in a message: six significant digits, without the noise of binary fractions. */
const num = (x: number): string => String(Number(x.toPrecision(6)));
/** A value of the key: enough digits to tell it from the end of its range (0.9999995, not 1). */
const keyNum = (x: number): string => String(Number(x.toPrecision(12)));

/**
 * A bracket around the level, from the key's value in the scenario: one step to learn which
 * way the statistic goes, then steps twice as long each time towards the level. A step that
 * leaves the key's allowed range is bisected back towards the last allowed value, so the
 * bracket can end at the edge of the range (a pd close to 1).
 */
async function searchBracket(options: ReverseOptions, at: (v: number) => Promise<Result<Reading, string>>, words: ReverseWords): Promise<Result<[number, number], string>> {
  const start = options.start;
  if (start === undefined || !Number.isFinite(start)) return err(`the key has no number in the scenario to start from; ${words.giveBracket}`);
  const first = await at(start);
  if (!first.ok) return err(`at the scenario's own value ${start}: ${first.error}`);
  let step = start !== 0 ? Math.abs(start) * 0.25 : 0.1;
  const reach = options.reach;
  const f0 = first.value.statistic;
  const crosses = (r: Reading) => straddle(f0 - reach, r.statistic - reach);
  // Learn the direction from a step up (or down, when up is out of range).
  let probe = await allowedStep(start, step, at, options.limits, crosses);
  if (!probe.ok || probe.value.value === start) probe = await allowedStep(start, -step, at, options.limits, crosses);
  if (!probe.ok) return err(`the key cannot move from ${start}: ${probe.error}`);
  const f1 = probe.value.reading.statistic;
  if (straddle(f0 - reach, f1 - reach)) return ok(order(start, probe.value.value));
  if (f1 === f0) {
    return err(`cannot reach ${reach}: the statistic is ${num(f0)} at ${keyNum(start)} and at ${keyNum(probe.value.value)}, so it does not move with the key there; ${words.giveBracket} where it reaches ${reach}`);
  }
  // Towards the level: up when the statistic rises towards it, down otherwise.
  const rising = f1 > f0 === probe.value.value > start;
  const sign = (reach > f0) === rising ? 1 : -1;
  let last = start;
  let lastValue = f0;
  // The far end of the range, once a step has been bisected back to it.
  const farEnd = (v: number, f: number, why: string) =>
    err(`cannot reach ${reach}: the statistic is ${num(f)} at ${keyNum(v)}, the end of the key's allowed range towards it${why ? ` (${why})` : ""}`);
  for (let i = 0; i < MAX_EXPANSIONS; i++) {
    const from = lastValue;
    const next = await allowedStep(last, sign * step, at, options.limits, (r) => straddle(from - reach, r.statistic - reach));
    if (!next.ok) return farEnd(last, lastValue, next.error);
    const v = next.value.value;
    const f = next.value.reading.statistic;
    if (straddle(lastValue - reach, f - reach)) return ok(order(last, v));
    if (v === last || next.value.atEdge) return farEnd(v, f, next.value.why);
    last = v;
    lastValue = f;
    step *= 2;
  }
  return err(`cannot reach ${reach}: the statistic is ${num(lastValue)} at ${keyNum(last)} after ${MAX_EXPANSIONS} steps, each twice as long as the last; ${words.giveBracket}`);
}

/**
 * The reading at from + step; when that is outside the key's range, at the last allowed
 * point towards it (`atEdge`, with why the next point is refused). A step past an
 * inclusive bound lands on the bound. While bisecting back, a reading for which `stop`
 * holds (the level crossed) ends the bisection there: the bracket is found.
 */
async function allowedStep(
  from: number,
  step: number,
  at: (v: number) => Promise<Result<Reading, string>>,
  limits?: ReverseOptions["limits"],
  stop?: (r: Reading) => boolean,
): Promise<Result<{ value: number; reading: Reading; atEdge: boolean; why: string }, string>> {
  let target = from + step;
  const bound = step > 0 ? limits?.max : limits?.min;
  const past = (v: number) => bound !== undefined && (step > 0 ? v > bound.value : v < bound.value);
  if (bound && bound.inclusive && past(target)) target = bound.value;
  else if (bound && !bound.inclusive && (past(target) || target === bound.value)) target = bound.value;
  if (target === from) {
    const here = await at(from);
    return here.ok ? ok({ value: from, reading: here.value, atEdge: true, why: "" }) : here;
  }
  const r = await at(target);
  if (r.ok) return ok({ value: target, reading: r.value, atEdge: bound?.inclusive === true && target === bound.value, why: "" });
  // Bisect between the allowed `from` and the refused target for the edge of the range.
  let good = from;
  let bad = target;
  let why = r.error;
  let best: { value: number; reading: Reading } | null = null;
  for (let i = 0; i < EDGE_BISECTIONS; i++) {
    const mid = (good + bad) / 2;
    if (mid === good || mid === bad) break;
    const m = await at(mid);
    if (m.ok) {
      good = mid;
      best = { value: mid, reading: m.value };
      if (stop?.(m.value)) return ok({ ...best, atEdge: false, why: "" });
    } else {
      bad = mid;
      why = m.error;
    }
  }
  return best ? ok({ ...best, atEdge: true, why }) : err(r.error);
}

/**
 * Whether two values lie on opposite sides of 0 (or one on it). By signs, not by their
 * product, which underflows to 0 for tiny values (a gap of 1e-300 times one of 1e-30).
 */
const straddle = (x: number, y: number): boolean => (x <= 0 && y >= 0) || (x >= 0 && y <= 0);

const order = (x: number, y: number): [number, number] => (x <= y ? [x, y] : [y, x]);

/**
 * The root of side(reading(v)) = reach on [a, b], where it changes sign, by the Illinois
 * method; the brackets start from the tightest pair of readings already made. The
 * statistic is a step function of the key (defaults are whole numbers), so the search
 * stops when the bracket is narrower than `tolerance`, and returns the end nearer the level.
 */
async function findRoot(
  side: Side,
  reach: number,
  [a0, b0]: [number, number],
  cache: Map<number, Reading>,
  at: (v: number) => Promise<Result<Reading, string>>,
  edge: Edge,
  tolerance: number,
): Promise<Result<number, string>> {
  // For an edge, a value at the level counts as lying on the far side of that edge: the
  // side of the bracket's other end (a tiny number of its sign keeps regula falsi going).
  const raw = (r: Reading) => side(r) - reach;
  const far = edge === null ? 0 : Math.sign(raw(cache.get(edge === "low" ? b0 : a0)!));
  const g = (r: Reading) => {
    const x = raw(r);
    return x === 0 && far !== 0 ? far * 1e-300 : x;
  };
  // The tightest sign change among the readings made so far.
  const known = [...cache.entries()].filter(([v]) => v >= a0 && v <= b0).sort((x, y) => x[0] - y[0]);
  let a = a0;
  let b = b0;
  let ga = g(cache.get(a0)!);
  let gb = g(cache.get(b0)!);
  for (let i = 0; i + 1 < known.length; i++) {
    const gl = g(known[i][1]);
    const gr = g(known[i + 1][1]);
    if (straddle(gl, gr)) {
      [a, ga, b, gb] = [known[i][0], gl, known[i + 1][0], gr];
      break;
    }
  }
  if (ga === 0) return ok(a);
  if (gb === 0) return ok(b);
  let bisect = false;
  for (let i = 0; i < MAX_ITERATIONS && Math.abs(b - a) > tolerance; i++) {
    // Regula falsi (Illinois: the value kept at a stuck end is halved), or a bisection
    // when the last step did not halve the bracket: on a step function regula falsi
    // creeps towards a jump from one side.
    const falsi = (a * gb - b * ga) / (gb - ga);
    const c = !bisect && falsi > Math.min(a, b) && falsi < Math.max(a, b) ? falsi : (a + b) / 2;
    const r = await at(c);
    if (!r.ok) return err(`at ${c}: ${r.error}`);
    const gc = g(r.value);
    // Close enough: within a hundredth of the statistic's own 95% half-width of the level; a
    // finer root is noise the interval already carries (and, on a step function, many runs).
    const gap = Math.abs(raw(r.value));
    if (gc === 0 || (gap > 0 && gap <= SETTLE * (r.value.upper - r.value.lower))) return ok(c);
    const width = Math.abs(b - a);
    if (Math.sign(gc) !== Math.sign(gb)) {
      a = b;
      ga = gb;
    } else ga /= 2;
    b = c;
    gb = gc;
    bisect = Math.abs(b - a) > width / 2;
  }
  return ok(Math.abs(ga) <= Math.abs(gb) ? a : b);
}

/** A reverse stress test of one key of a scenario, run by `values` (keyRuns.ts). */
export interface KeyReverse {
  values: KeyValues;
  /** The key path to vary, as `--set` takes it. */
  vary: string;
  metric: PathMetricName;
  stat: Statistic;
  reach: number;
  /** A bracket of the key to search in; else one is searched for from the key's value in the scenario. */
  between?: [number, number];
  /** The scenario's text and its file name, and the scenario as checked (with its path count): where the key's value is read. */
  text: string;
  file: string;
  scenario: Scenario;
  /** Told of each run: the key's value and the statistic there, or why there is none. */
  onEvaluation?(value: number, reading: Result<Reading, string>): void | Promise<void>;
  /** How messages name a bracket and a path count (the command line's flags when absent). */
  words?: ReverseWords;
}

/**
 * The reverse stress test of `creditlab reverse` and of the page's form: the same runs, the
 * same search. A failure says first what stopped the search (a run that failed: `failed`;
 * a statistic with no interval), else why no value of the key reaches the level. Before any
 * run, the key must be one the schema takes a range of numbers for, the bracket's ends
 * values it allows, and the paths enough for the statistic's interval.
 */
export async function reverseOnKey(options: KeyReverse): Promise<Result<ReverseAnswer, KeyRunError>> {
  const usage = (message: string) => err({ message, failed: false });
  const words = options.words ?? FLAG_WORDS;
  // A variant's key is read in the file as written: the scenario as checked is the variant's own, without its overlays.
  const written = /^variants\b/.test(options.vary) ? loadYaml(options.text, options.file) : null;
  const key = numberKey(written?.ok ? written.value.data : options.scenario, options.vary);
  if (!key.ok) return usage(key.error);
  if (key.value.whole) {
    return usage(`${options.vary} takes ${key.value.allowed}; allowed: a key that takes any number in a range (the search moves it by fractions), e.g. segments[0].pd, segments[0].lgd.mean or macro.shocks[0].recession.trough`);
  }
  for (const v of options.between ?? []) {
    const refused = refusedValue(key.value, v);
    if (refused) return usage(`${words.bracket(options.between!)}: ${refused}`);
  }
  const few = tooFewPaths(options.scenario.simulation.paths, options.stat, words);
  if (few) return usage(few);
  const start = startValue(options.text, options.file, options.scenario, options.vary, words);
  if (!start.ok && options.between === undefined) return usage(start.error);
  let failure: KeyRunError | null = null;
  const evaluate = async (value: number): Promise<Result<Reading, string>> => {
    // A value the key's schema refuses is the edge of the search, found without a run.
    const refused = refusedValue(key.value, value);
    if (refused) return err(refused);
    const values = await options.values([{ raw: `${options.vary}=${value}`, key: options.vary, value }], [options.metric]);
    if (!values.ok) {
      if (values.error.failed) failure = values.error;
      return err(values.error.message);
    }
    const reading = readStatistic(values.value[0].filter((x) => !Number.isNaN(x)), options.stat);
    if (!reading.ok) failure = { message: `${options.metric} at ${options.vary} = ${value}: ${reading.error}`, failed: false };
    await options.onEvaluation?.(value, reading);
    return reading;
  };
  const solved = await reverseStress({ evaluate, reach: options.reach, start: start.ok ? start.value : undefined, between: options.between, limits: key.value, words });
  if (solved.ok) return solved;
  return err(failure ?? { message: `${options.vary}: ${solved.error}`, failed: false });
}

/** Why `paths` paths give the statistic no 95% interval (and how many would), or null. */
function tooFewPaths(paths: number, stat: Statistic, words: ReverseWords): string | null {
  const level = stat.kind === "quantile" ? stat.level : undefined;
  if (!missingErrorReason(paths, level)) return null;
  // The fewest paths with MIN_TAIL_PATHS beyond the level, found upwards from an estimate.
  let need = level === undefined ? MIN_TAIL_PATHS : Math.max(MIN_TAIL_PATHS, Math.floor(MIN_TAIL_PATHS / Math.min(level, 1 - level)) - 2);
  while (missingErrorReason(need, level)) need++;
  const what = level === undefined ? "the mean" : `the ${level} quantile`;
  return `${grouped(paths)} paths give ${what} no 95% interval, and the search needs one; allowed: ${grouped(need)} paths or more (${words.paths(need)})${level === undefined ? "" : ", or a quantile nearer 0.5"}`;
}

/** The key's number in the text as written, else in the scenario as checked (defaults filled in). */
function startValue(text: string, file: string, scenario: unknown, key: string, words: ReverseWords): Result<number, string> {
  const written = loadYaml(text, file);
  const fromFile = written.ok ? keyValue(written.value.data, key) : err("");
  const found = fromFile.ok ? fromFile : keyValue(scenario, key);
  if (!found.ok) return err(`${found.error}; ${words.giveBracket} to search it`);
  if (typeof found.value !== "number") return err(`${key} is ${JSON.stringify(found.value)}, not a number; allowed: a key whose value is a number`);
  return ok(found.value);
}
