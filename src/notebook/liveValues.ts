/**
 * Live values in a notebook's prose: `{{ cell:huabei metric:netLoss stat:mean }}` names a
 * labelled scenario cell (its fence reads ```` ```scenario huabei ````), a variant, a metric
 * and a statistic, and the page writes the cell's result in its place, so that a sentence
 * about a simulated figure cannot go stale. `{{? … }}` poses an exercise whose answer is
 * such a value (within a tolerance) or a fixed range. README, "Live values in prose", is
 * the user's reference; this module only reads the text (the values come from
 * src/result/liveValue.ts).
 *
 * Words are `key:value` pairs; a value with spaces goes in double quotes. An expression
 * inside a code span or a fenced block is text, so the syntax can be documented.
 */

/** The statistic of a live value. Levels are fractions: p99 → 0.99. */
export type Stat =
  | { kind: "mean" | "sd" | "min" | "max" }
  | { kind: "quantile" | "var" | "es"; level: number }
  | { kind: "diff"; part: "value" | "lo" | "hi" };

export interface LiveSpec {
  /** The label of the scenario cell (the word after `scenario` in its fence). */
  cell: string;
  metric: string;
  /** "base" unless named. */
  variant: string;
  stat: Stat;
  /** A segment's summary instead of the book's. */
  segment?: string;
  /** A period's value (1-based period), from its fan. */
  period?: number;
  /** The variant a difference is taken against: "base" unless named. */
  vs: string;
  /** A tranche of the scenario's `tranches`: metric loss, lossRate, probabilityOfLoss or es99. */
  tranche?: string;
  /** A note of the scenario's `securitization`: metric interestPaid, principalPaid, loss, lossRate, wal, probabilityOfLoss, expectedLoss, size or rating. */
  note?: string;
}

/** How close a student's answer must be: a share of the answer, or an absolute amount. */
export interface Tolerance {
  relative: boolean;
  amount: number;
}

export type Answer = { kind: "live"; spec: LiveSpec; tolerance: Tolerance } | { kind: "range"; low: number; high: number };

export type Inline =
  | { kind: "value"; spec: LiveSpec }
  | { kind: "exercise"; answer: Answer }
  | { kind: "invalid"; message: string };

/** An expression found in a text: where it is, as written, and what it says. */
export interface Found {
  start: number;
  end: number;
  source: string;
  inline: Inline;
}

const KEYS = ["cell", "metric", "variant", "stat", "segment", "period", "vs", "tranche", "note"] as const;
const EXERCISE_KEYS = [...KEYS, "tol", "between"] as const;
/** The quantile levels every summary keeps (src/stats/summary.ts) and the tail levels of VaR and ES. */
const QUANTILES = ["1", "5", "10", "25", "50", "75", "90", "95", "99", "99.5", "99.9"];
const TAILS = ["95", "99", "99.9"];

export const STATS_ALLOWED = `mean, sd, min, max, median, p${QUANTILES.join("/p")}, var${TAILS.join("/var")}, es${TAILS.join("/es")}, diff, diff.lo, diff.hi`;

const LABEL = /^[A-Za-z][\w-]*$/;

/** The label a scenario fence declares: the word after `scenario`, or null. */
export function fenceLabel(open: string): string | null {
  const words = open.replace(/^\s*(`{3,}|~{3,})/, "").trim().split(/[ \t]+/);
  return words[0] === "scenario" && words[1] && LABEL.test(words[1]) ? words[1] : null;
}

function readStat(text: string): Stat | string {
  if (text === "mean" || text === "sd" || text === "min" || text === "max") return { kind: text };
  if (text === "median") return { kind: "quantile", level: 0.5 };
  if (text === "diff") return { kind: "diff", part: "value" };
  if (text === "diff.lo" || text === "diff.hi") return { kind: "diff", part: text === "diff.lo" ? "lo" : "hi" };
  const m = /^(p|var|es)(\d+(?:\.\d+)?)$/.exec(text);
  if (m && (m[1] === "p" ? QUANTILES : TAILS).includes(m[2])) {
    const level = Number((Number(m[2]) / 100).toFixed(4));
    return { kind: m[1] === "p" ? "quantile" : (m[1] as "var" | "es"), level };
  }
  return `stat "${text}" is not known; allowed: ${STATS_ALLOWED}`;
}

/** The `key:value` words of an expression's body, or what is wrong with them. */
export function readWords(body: string, allowed: readonly string[]): Map<string, string> | string {
  const words = new Map<string, string>();
  const word = /\s*([A-Za-z]+)\s*:\s*(?:"([^"]*)"|([^\s"]+))\s*/y;
  let at = 0;
  while (at < body.length) {
    if (/^\s*$/.test(body.slice(at))) break;
    word.lastIndex = at;
    const m = word.exec(body);
    if (!m) return `cannot read "${body.slice(at).trim()}": write key:value, with "double quotes" around a value with spaces`;
    if (!allowed.includes(m[1])) return `key "${m[1]}" is not known; allowed: ${allowed.join(", ")}`;
    if (words.has(m[1])) return `key "${m[1]}" is given twice; allowed: each key once`;
    words.set(m[1], m[2] ?? m[3]);
    at = word.lastIndex;
  }
  return words;
}

function readSpec(words: Map<string, string>): LiveSpec | string {
  const cell = words.get("cell");
  if (!cell) return "cell:LABEL is missing: the label after `scenario` in the cell's opening fence";
  const metric = words.get("metric");
  if (!metric) return "metric:NAME is missing: a metric of the result, e.g. netLoss, defaultRate, profit";
  const stat = readStat(words.get("stat") ?? "mean");
  if (typeof stat === "string") return stat;
  const spec: LiveSpec = { cell, metric, variant: words.get("variant") ?? "base", stat, vs: words.get("vs") ?? "base" };
  const segment = words.get("segment");
  if (segment !== undefined) spec.segment = segment;
  const tranche = words.get("tranche");
  if (tranche !== undefined) spec.tranche = tranche;
  const note = words.get("note");
  if (note !== undefined) spec.note = note;
  const period = words.get("period");
  if (period !== undefined) {
    if (!/^[1-9]\d*$/.test(period)) return `period "${period}" is not a period number; allowed: 1, 2, … (the first period is 1)`;
    spec.period = Number(period);
    if (stat.kind !== "mean" && !(stat.kind === "quantile" && [0.05, 0.25, 0.5, 0.75, 0.95].includes(stat.level)))
      return "a period's value allows stat mean, median, p5, p25, p50, p75, p95 (its fan)";
  }
  if (stat.kind !== "diff" && words.has("vs")) return "vs: goes with stat:diff only";
  if (stat.kind === "diff" && spec.variant === spec.vs) return `stat:diff compares variant:"…" with vs:"${spec.vs}": name a variant other than "${spec.vs}"`;
  return spec;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

function readExercise(words: Map<string, string>): Answer | string {
  const between = words.get("between");
  if (between !== undefined) {
    if (words.size > 1) return "between: stands alone: a fixed range needs no cell, metric or tol";
    const m = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)$/.exec(between);
    if (!m || Number(m[1]) > Number(m[2])) return `between "${between}" is not a range; allowed: LOW..HIGH, e.g. between:0.02..0.04`;
    return { kind: "range", low: Number(m[1]), high: Number(m[2]) };
  }
  const tol = words.get("tol") ?? "5%";
  words.delete("tol");
  const relative = tol.endsWith("%");
  const amount = Number(relative ? tol.slice(0, -1) : tol);
  if (!NUMBER.test(relative ? tol.slice(0, -1) : tol) || amount < 0) return `tol "${tol}" is not a tolerance; allowed: a share of the answer (tol:5%) or an amount (tol:0.002)`;
  const spec = readSpec(words);
  if (typeof spec === "string") return spec;
  return { kind: "live", spec, tolerance: { relative, amount: relative ? amount / 100 : amount } };
}

/** The expression in `{{ … }}` (without the braces). */
export function readInline(inner: string): Inline {
  // An input (src/notebook/inputs.ts) is read where it stands on a line of its own; here it is inside a line.
  if (/^\s*input\b/.test(inner)) return { kind: "invalid", message: "an input ({{input …}}) stands on a line of its own, with nothing else on it" };
  const exercise = inner.trimStart().startsWith("?");
  const body = exercise ? inner.trimStart().slice(1) : inner;
  const words = readWords(body, exercise ? EXERCISE_KEYS : KEYS);
  if (typeof words === "string") return { kind: "invalid", message: words };
  if (exercise) {
    const answer = readExercise(words);
    return typeof answer === "string" ? { kind: "invalid", message: answer } : { kind: "exercise", answer };
  }
  const spec = readSpec(words);
  return typeof spec === "string" ? { kind: "invalid", message: spec } : { kind: "value", spec };
}

/**
 * Every `{{ … }}` of a Markdown text, in order, leaving out those inside code spans and
 * fenced or indented code (CommonMark: a code span is a run of backticks closed by a run as long).
 */
export function findInlines(text: string): Found[] {
  const found: Found[] = [];
  const code = codeRanges(text);
  const re = /\{\{([^{}]*)\}\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    if (code.some(([a, b]) => start >= a && start < b)) continue;
    // An input on a line of its own is not a live value: src/notebook/inputs.ts reads it.
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const lineEnd = text.indexOf("\n", start) < 0 ? text.length : text.indexOf("\n", start);
    if (/^\s*input\b/.test(m[1]) && text.slice(lineStart, lineEnd).trim() === m[0]) continue;
    found.push({ start, end: start + m[0].length, source: m[0], inline: readInline(m[1]) });
  }
  return found;
}

/** [start, end) of code spans and fenced blocks. */
export function codeRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const fence = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[`~]*[ \t]*(?=\n|$)|$)/gm;
  for (let m = fence.exec(text); m; m = fence.exec(text)) ranges.push([m.index, m.index + m[0].length]);
  const span = /(`+)[\s\S]*?[^`]\1(?!`)|(`+)\2(?!`)/g;
  for (let m = span.exec(text); m; m = span.exec(text)) {
    if (!ranges.some(([a, b]) => m!.index >= a && m!.index < b)) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}
