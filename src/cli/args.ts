/**
 * The command line of INTERFACE.md, parsed into a tagged union. A bad flag or value is a
 * usage error: one line saying what is wrong, which the caller prints before exiting 2.
 */
import { grouped } from "../format/number.ts";
import { parseArgs } from "node:util";
import { availableParallelism } from "node:os";
import { err, ok, type Result } from "../util/result.ts";
import { LIMITS } from "../scenario/schema.ts";
import { nearest } from "../scenario/messages.ts";
import { isNotebookFile } from "./scenarioSources.ts";
import type { Shard } from "../run/shard.ts";
import { parseSetting } from "../scenario/setKeys.ts";
import type { Setting } from "./settings.ts";
import type { KeyRunOptions } from "./keyRuns.ts";
import type { PathMetricName } from "../engine/metrics.ts";
import { bookMetric as checkMetric } from "../run/sensitivity.ts";

export interface RunOptions {
  file: string;
  paths?: number;
  seed?: string | number;
  workers?: number;
  variant?: string;
  /** 1-based place of the scenario cell to run in a notebook. */
  cell?: number;
  out?: string;
  samples: boolean;
  json: boolean;
  /** What --out and standard output get: the result file (json), or the per-path values as a tidy table (csv). */
  format: OutputFormat;
  /** Run only this shard of the paths (1-based index). */
  shard?: Shard;
  /** Write the raw per-path values of the paths run here instead of a result file. */
  chunkOut?: string;
  /** Progress lines on stderr when it is not a terminal (a terminal always gets the bar). */
  progress: boolean;
  /** `--set KEY=VALUE`, in order: scenario keys as if the file said them. */
  set: Setting[];
  /** `--tapes-anywhere`: tapes may lie outside the scenario's folder. */
  tapesAnywhere: boolean;
  /** `--key-file F`: sign the chunk with an HMAC under the key in F. */
  keyFile?: string;
}

export interface MergeOptions {
  chunks: string[];
  /** `--key-file F`: take only chunks signed with the key in F. */
  keyFile?: string;
  out?: string;
  samples: boolean;
  json: boolean;
  format: OutputFormat;
}

/** `creditlab reverse`: the key to vary, the statistic of the metric, and the level it must reach. */
export interface ReverseOptions extends KeyRunOptions {
  vary: string;
  metric: PathMetricName;
  /** The quantile's level; the mean when absent. */
  quantile?: number;
  reach: number;
  /** A bracket of the key to search in; else one is searched for from the key's value. */
  between?: [number, number];
  json: boolean;
  progress: boolean;
}

/**
 * `creditlab sensitivity`: keys with their low and high values, and the metrics to read;
 * what is not given here comes from the scenario's `sensitivity:` (none: no `--range`).
 */
export interface SensitivityOptions extends KeyRunOptions {
  ranges: { key: string; low: number; high: number }[];
  metrics?: PathMetricName[];
  quantile?: number;
  json: boolean;
}

export type OutputFormat = "json" | "csv";

/** The commands; `help CMD` and `CMD --help` print one command's page. */
export const COMMANDS = ["run", "validate", "merge", "fit", "ecl", "reverse", "sensitivity"] as const;
export type CommandName = (typeof COMMANDS)[number];

export type Command =
  | { kind: "help"; topic?: CommandName }
  | { kind: "version" }
  /** Files, folders (every scenario file and notebook in them) or `-` (standard input). */
  | { kind: "validate"; files: string[]; debug: boolean; set: Setting[]; tapesAnywhere: boolean }
  | ({ kind: "run"; debug: boolean } & RunOptions)
  | ({ kind: "merge"; debug: boolean } & MergeOptions)
  | { kind: "fit"; file: string; out?: string; json: boolean; debug: boolean; macro?: string; series: boolean; terms?: string }
  | { kind: "ecl"; file: string; json: boolean; accounts?: string; cell?: number; set: Setting[]; tapesAnywhere: boolean; debug: boolean }
  | ({ kind: "reverse"; debug: boolean } & ReverseOptions)
  | ({ kind: "sensitivity"; debug: boolean } & SensitivityOptions);

/**
 * Most workers a run may ask for: four a core (at least 8). More threads than cores only
 * share them and cost each its own memory; a number far above the cores is a typo.
 */
export const MAX_WORKERS = Math.max(8, 4 * availableParallelism());

const OPTIONS = {
  paths: { type: "string" },
  seed: { type: "string" },
  workers: { type: "string" },
  variant: { type: "string" },
  cell: { type: "string" },
  out: { type: "string" },
  shard: { type: "string" },
  "chunk-out": { type: "string" },
  samples: { type: "boolean" },
  json: { type: "boolean" },
  format: { type: "string" },
  progress: { type: "boolean" },
  set: { type: "string" },
  "tapes-anywhere": { type: "boolean" },
  "key-file": { type: "string" },
  vary: { type: "string" },
  metric: { type: "string" },
  quantile: { type: "string" },
  reach: { type: "string" },
  between: { type: "string" },
  range: { type: "string" },
  accounts: { type: "string" },
  macro: { type: "string" },
  series: { type: "boolean" },
  terms: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;
type Name = keyof typeof OPTIONS;

const ALLOWED: Record<CommandName | "none", readonly Name[]> = {
  sensitivity: ["range", "metric", "quantile", "json", "paths", "seed", "workers", "variant", "cell", "set", "tapes-anywhere", "debug", "help"],
  reverse: ["vary", "metric", "quantile", "reach", "between", "json", "paths", "seed", "workers", "variant", "cell", "set", "tapes-anywhere", "progress", "debug", "help"],
  fit: ["out", "json", "macro", "series", "terms", "debug", "help"],
  ecl: ["json", "accounts", "cell", "set", "tapes-anywhere", "debug", "help"],
  run: ["paths", "seed", "workers", "variant", "cell", "out", "shard", "chunk-out", "samples", "json", "format", "progress", "set", "tapes-anywhere", "key-file", "debug", "help"],
  merge: ["out", "samples", "json", "format", "key-file", "debug", "help"],
  validate: ["set", "tapes-anywhere", "debug", "help"],
  none: ["help", "version", "debug"],
};

/** Parses `argv` (without node and the script). */
export function parseCommand(argv: readonly string[]): Result<Command, string> {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const positionals = tokens.filter((t) => t.kind === "positional").map((t) => t.value);
  const [command, ...rest] = positionals;
  const scope = isCommandName(command) ? command : "none";
  const values: Partial<Record<Name, string | true>> = {};
  const set: Setting[] = [];
  // Flags that may be repeated, in order.
  const repeated: { range: string[]; metric: string[] } = { range: [], metric: [] };
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const problem = checkOption(t.name, t.rawName, t.value, scope);
    if (problem) return err(problem);
    values[t.name as Name] = t.value ?? true;
    if (t.name === "range" || t.name === "metric") repeated[t.name].push(t.value!);
    if (t.name === "set") {
      const setting = parseSetting(t.value!);
      if (!setting.ok) return err(setting.error);
      set.push(setting.value);
    }
  }
  if (values.help) return ok(scope === "none" ? { kind: "help" } : { kind: "help", topic: scope });
  if (scope === "none") {
    if (command === "help") return helpTopic(rest);
    if (command !== undefined) return err(unknownCommand(command));
    return ok(values.version ? { kind: "version" } : { kind: "help" });
  }
  if (scope === "merge") return mergeCommand(rest, values);
  if (rest.length === 0) return err(`${command} needs ${scope === "fit" ? "a performance FILE (CSV)" : "a scenario FILE"}`);
  const debug = values.debug === true;
  if (scope === "validate") return ok({ kind: "validate", files: rest, debug, set, tapesAnywhere: values["tapes-anywhere"] === true });
  if (rest.length > 1) return err(`${command} takes one FILE, got ${rest.length}: ${rest.join(" ")}`);
  const file = rest[0];
  if (scope === "fit") {
    if (values.out === "") return err("--out needs a value");
    if (values.out === "-" && values.json === true) return err("--out - and --json both write standard output; give one of them");
    if (values.macro === "") return err("--macro needs a value");
    if (values.macro !== undefined && values.series === true) return err("--macro and --series both name the macro file; give one of them (--series: FILE is a rate series with its macro columns)");
    if (values.terms !== undefined && values.macro === undefined && values.series !== true) return err("--terms needs --macro MACRO.csv or --series");
    return ok({
      kind: "fit",
      file,
      out: values.out as string | undefined,
      json: values.json === true,
      debug,
      macro: values.macro as string | undefined,
      series: values.series === true,
      terms: values.terms as string | undefined,
    });
  }
  if (scope === "reverse") return reverseCommand(file, debug, values, set);
  if (scope === "sensitivity") return sensitivityCommand(file, debug, values, set, repeated);
  if (scope === "ecl") {
    if (values.accounts === "") return err("--accounts needs a value");
    if (values.accounts === "-" && values.json === true) return err("--accounts - and --json both write standard output; give one of them");
    const cell = values.cell === undefined ? ok(undefined) : positiveInt("--cell", values.cell as string);
    if (!cell.ok) return cell;
    if (cell.value !== undefined && !isNotebookFile(file)) return err(`--cell picks a scenario cell of a notebook (a .md file); ${file} is a scenario file`);
    return ok({ kind: "ecl", file, json: values.json === true, accounts: values.accounts as string | undefined, cell: cell.value, set, tapesAnywhere: values["tapes-anywhere"] === true, debug });
  }
  return runCommand(file, debug, values, set);
}

function reverseCommand(file: string, debug: boolean, v: Partial<Record<Name, string | true>>, set: Setting[]): Result<Command, string> {
  for (const name of ["vary", "metric", "reach"] as const) {
    if (v[name] === undefined) return err(`reverse needs --${name}: creditlab reverse FILE --vary KEY --metric NAME [--quantile Q] --reach VALUE`);
  }
  const metric = bookMetric(v.metric as string);
  if (!metric.ok) return metric;
  const reach = finite("--reach", v.reach as string);
  if (!reach.ok) return reach;
  const q = v.quantile === undefined ? ok(undefined) : level(v.quantile as string);
  if (!q.ok) return q;
  const quantile = q.value;
  let between: [number, number] | undefined;
  if (v.between !== undefined) {
    const parts = (v.between as string).split(",");
    const ends = parts.map((p, i) => finite(i === 0 ? "--between LO" : "--between HI", p.trim()));
    const bad = ends.find((e) => !e.ok);
    if (parts.length !== 2 || bad) return err(`--between must be LO,HI, two numbers with LO < HI (e.g. --between 0.01,0.2), got ${JSON.stringify(v.between)}`);
    const [lo, hi] = ends.map((e) => (e.ok ? e.value : NaN));
    if (!(lo < hi)) return err(`--between must be LO,HI with LO < HI, got ${JSON.stringify(v.between)}`);
    between = [lo, hi];
  }
  const runs = keyRunOptions(file, debug, v, set);
  if (!runs.ok) return runs;
  return ok({
    kind: "reverse",
    debug,
    ...runs.value,
    vary: v.vary as string,
    metric: metric.value,
    quantile,
    reach: reach.value,
    between,
    json: v.json === true,
    progress: v.progress === true,
  });
}

function sensitivityCommand(file: string, debug: boolean, v: Partial<Record<Name, string | true>>, set: Setting[], repeated: { range: string[]; metric: string[] }): Result<Command, string> {
  const ranges: SensitivityOptions["ranges"] = [];
  for (const raw of repeated.range) {
    const at = raw.lastIndexOf("=");
    const parts = at > 0 ? raw.slice(at + 1).split(",") : [];
    const ends = parts.map((p) => finite("--range", p.trim()));
    if (at <= 0 || parts.length !== 2 || ends.some((e) => !e.ok)) return err(`--range must be KEY=LO,HI with two numbers (e.g. --range segments[0].pd=0.02,0.04), got ${JSON.stringify(raw)}`);
    const [low, high] = ends.map((e) => (e.ok ? e.value : NaN));
    ranges.push({ key: raw.slice(0, at), low, high });
  }
  const metrics: PathMetricName[] = [];
  for (const name of repeated.metric) {
    const metric = bookMetric(name);
    if (!metric.ok) return metric;
    metrics.push(metric.value);
  }
  const quantile = v.quantile === undefined ? ok(undefined) : level(v.quantile as string);
  if (!quantile.ok) return quantile;
  const runs = keyRunOptions(file, debug, v, set);
  if (!runs.ok) return runs;
  return ok({ kind: "sensitivity", debug, ...runs.value, ranges, metrics: metrics.length > 0 ? metrics : undefined, quantile: quantile.value, json: v.json === true });
}

/** The flags `reverse` and `sensitivity` share with `run` (paths, seed, workers, variant, cell, --set, tapes), checked as `run` checks them. */
function keyRunOptions(file: string, debug: boolean, v: Partial<Record<Name, string | true>>, set: Setting[]): Result<KeyRunOptions, string> {
  const run = runCommand(file, debug, v, set);
  if (!run.ok) return run;
  const r = run.value as RunOptions;
  return ok({ file, paths: r.paths, seed: r.seed, workers: r.workers, variant: r.variant, cell: r.cell, set, tapesAnywhere: r.tapesAnywhere });
}

/** A per-path book metric of the result file, or a line naming the allowed ones. */
function bookMetric(name: string): Result<PathMetricName, string> {
  const metric = checkMetric(name);
  return metric.ok ? metric : err(`--metric ${metric.error}`);
}

/** A quantile's level, strictly between 0 and 1. */
function level(text: string): Result<number, string> {
  const q = finite("--quantile", text);
  if (!q.ok) return q;
  return q.value > 0 && q.value < 1 ? q : err(`--quantile must lie strictly between 0 and 1 (0.99 for the 99% quantile), got ${JSON.stringify(text)}`);
}

/** A decimal number as written in a scenario (0.15, -2, 1e-3): not hex, binary or octal, which Number() would read. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A finite decimal number. */
function finite(flag: string, text: string): Result<number, string> {
  const n = DECIMAL.test(text.trim()) ? Number(text) : NaN;
  if (Number.isNaN(n)) return err(`${flag} must be a number, got ${JSON.stringify(text)}`);
  return Number.isFinite(n) ? ok(n) : err(`${flag} must be a finite number, got ${JSON.stringify(text)}; allowed: a decimal number of at most about 1e308`);
}

function runCommand(file: string, debug: boolean, v: Partial<Record<Name, string | true>>, set: Setting[]): Result<Command, string> {
  const paths = v.paths === undefined ? ok(undefined) : positiveInt("--paths", v.paths as string, LIMITS.paths);
  if (!paths.ok) return paths;
  const workers = v.workers === undefined ? ok(undefined) : positiveInt("--workers", v.workers as string, MAX_WORKERS);
  if (!workers.ok) return workers;
  const seed = v.seed === undefined ? ok(undefined) : parseSeed(v.seed as string);
  if (!seed.ok) return seed;
  const cell = v.cell === undefined ? ok(undefined) : positiveInt("--cell", v.cell as string);
  if (!cell.ok) return cell;
  if (cell.value !== undefined && !isNotebookFile(file)) {
    return err(`--cell picks a scenario cell of a notebook (a .md file); ${file} is a scenario file`);
  }
  for (const name of ["variant", "out", "chunk-out"] as const) {
    if (v[name] === "") return err(`--${name} needs a value`);
  }
  const shard = v.shard === undefined ? ok(undefined) : parseShard(v.shard as string);
  if (!shard.ok) return shard;
  const format = parseFormat(v);
  if (!format.ok) return format;
  const chunkOut = v["chunk-out"] as string | undefined;
  if (shard.value !== undefined && chunkOut === undefined) return err("--shard needs --chunk-out FILE: a shard's paths are merged later with creditlab merge");
  if (v["key-file"] !== undefined && chunkOut === undefined) return err("--key-file signs a chunk: it needs --chunk-out FILE");
  if (chunkOut !== undefined) {
    const clash = (["out", "json", "samples", "format"] as const).find((name) => v[name] !== undefined);
    if (clash) return err(`--${clash} is not for a chunk: --chunk-out writes per-path values; give --${clash} to creditlab merge`);
  }
  return ok({
    kind: "run",
    debug,
    file,
    paths: paths.value,
    seed: seed.value,
    workers: workers.value,
    variant: v.variant as string | undefined,
    cell: cell.value,
    out: v.out as string | undefined,
    samples: v.samples === true || format.value === "csv",
    json: v.json === true,
    format: format.value,
    shard: shard.value,
    chunkOut,
    progress: v.progress === true,
    set,
    tapesAnywhere: v["tapes-anywhere"] === true,
    keyFile: v["key-file"] as string | undefined,
  });
}

function mergeCommand(chunks: string[], v: Partial<Record<Name, string | true>>): Result<Command, string> {
  if (chunks.length === 0) return err("merge needs one or more CHUNK files (written by creditlab run --chunk-out)");
  if (v.out === "") return err("--out needs a value");
  const format = parseFormat(v);
  if (!format.ok) return format;
  const samples = v.samples === true || format.value === "csv";
  return ok({ kind: "merge", debug: v.debug === true, chunks, out: v.out as string | undefined, samples, json: v.json === true, format: format.value, keyFile: v["key-file"] as string | undefined });
}

/** `--format json` (the result file, the default) or `csv` (the per-path values as one tidy table; implies --samples). */
function parseFormat(v: Partial<Record<Name, string | true>>): Result<OutputFormat, string> {
  const format = v.format ?? "json";
  if (format !== "json" && format !== "csv") return err(`--format must be json or csv, got ${JSON.stringify(format)}`);
  if (format === "csv" && v.json !== undefined) return err("--json prints the result file; with --format csv give --out FILE or nothing (the table goes to stdout)");
  return ok(format);
}

/** `I/N`: shard I of N, 1 ≤ I ≤ N. */
function parseShard(text: string): Result<Shard, string> {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || !Number.isSafeInteger(count) || count < 1 || count > LIMITS.paths || !(index >= 1 && index <= count)) {
    return err(`--shard must be I/N with whole numbers 1 ≤ I ≤ N ≤ ${grouped(LIMITS.paths)} (e.g. --shard 1/4), got ${JSON.stringify(text)}`);
  }
  return ok({ index, count });
}

function checkOption(name: string, raw: string, value: string | undefined, scope: keyof typeof ALLOWED): string | null {
  const allowed = ALLOWED[scope];
  if (!(name in OPTIONS)) {
    const near = nearest(name, [...allowed]);
    return `unknown option ${raw}${near ? `; did you mean --${near}?` : ""} (see creditlab --help)`;
  }
  const known = name as Name;
  if (!allowed.includes(known)) {
    return scope === "none" ? `${raw} needs a command: creditlab run FILE ${raw} ...` : `${raw} is not an option of ${scope}`;
  }
  const isString = OPTIONS[known].type === "string";
  if (isString && (value === undefined || value.startsWith("--"))) return `${raw} needs a value`;
  if (!isString && value !== undefined) return `${raw} takes no value`;
  return null;
}

/** A whole number from 1 to `max`, or from 1 up when there is no bound to state. */
function positiveInt(flag: string, text: string, max?: number): Result<number, string> {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || (max !== undefined && n > max)) {
    const range = max === undefined ? "1 or more" : `from 1 to ${grouped(max)}`;
    return err(`${flag} must be a whole number ${range}, got ${JSON.stringify(text)}`);
  }
  return ok(n);
}

/** An integer seed stays a number, as it would in the file (`seed: 42`); anything else is a string. */
function parseSeed(text: string): Result<string | number, string> {
  if (text === "") return err("--seed needs a value");
  if (text.length > 256) return err(`--seed must be at most 256 characters, got ${text.length}`);
  const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
  return ok(Number.isSafeInteger(n) ? n : text);
}

const isCommandName = (word: string | undefined): word is CommandName => (COMMANDS as readonly string[]).includes(word ?? "");

/** `help` alone, or `help CMD`. */
function helpTopic(words: readonly string[]): Result<Command, string> {
  if (words.length === 0) return ok({ kind: "help" });
  const [topic, ...more] = words;
  if (more.length > 0) return err(`help takes one command, got ${words.length}: ${words.join(" ")}`);
  return isCommandName(topic) ? ok({ kind: "help", topic }) : err(unknownCommand(topic));
}

function unknownCommand(command: string): string {
  const near = nearest(command, [...COMMANDS, "help"]);
  return `unknown command ${JSON.stringify(command)}${near ? `; did you mean ${near}?` : ""} (commands: run, merge, validate, fit, ecl, reverse, sensitivity, help)`;
}
