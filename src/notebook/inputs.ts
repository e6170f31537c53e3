/**
 * Inputs in a notebook's prose: a line of a text cell that reads
 * `{{input cell:vasicek key:segments[0].pd slider:0.01..0.08 step:0.005 label:"PD"}}`
 * puts a slider (or a number field, `number:LOW..HIGH`, or a choice, `choice:A|B|C`) in the
 * page, bound to a key of a labelled scenario cell (its fence reads ```` ```scenario vasicek ````).
 * KEY is a key path as `--set` takes it (src/scenario/setKeys.ts). README, "Inputs in
 * prose", is the user's reference.
 *
 * The input's value lives in the scenario's text: moving it rewrites that one value in the
 * cell's YAML (`setKeyText`, every other character kept) and reruns the cell. So the value
 * is saved with the notebook and carried by a share link with nothing added to the file
 * format; the scenario shown is always the scenario run (the same as `creditlab run
 * --set KEY=VALUE` on the file as it was); and a reader without inputs sees the
 * declaration as a line of text and the value in the scenario.
 *
 * Words are `key:value` pairs as in live values (liveValues.ts); a value with spaces goes in
 * double quotes. An input stands on a line of its own; inside a code span or a fenced block
 * it is text, so the syntax can be documented.
 */
import { isScalar, parseDocument } from "yaml";
import { loadYaml } from "../scenario/loadYaml.ts";
import { numberKey, refusedValue } from "../scenario/numberKey.ts";
import { keyValue, resolvePath, setKeys } from "../scenario/setKeys.ts";
import { err, ok, type Result } from "../util/result.ts";
import type { ScenarioError } from "../scenario/errors.ts";
import { lineColumn, lineStarts } from "../scenario/positions.ts";
import { codeRanges, fenceLabel, readWords } from "./liveValues.ts";
import { parseNotebook } from "./notebookFile.ts";

/** A choice's option: a YAML scalar as written (`0.02`, `true`, `monthly`). */
export type Option = number | boolean | string;

export type Control = { kind: "slider" | "number"; low: number; high: number; step: number } | { kind: "choice"; options: Option[] };

export interface InputSpec {
  /** The label of the scenario cell the input sets. */
  cell: string;
  /** The key path, as `--set` takes it. */
  key: string;
  /** What the control is called on the page; the key when not given. */
  label: string;
  control: Control;
}

/** A text cell cut at its input lines: prose between them, and each input as written and as read. */
export type Piece = { kind: "text"; text: string } | { kind: "input"; source: string; spec: InputSpec } | { kind: "invalid"; source: string; message: string };

const WORDS = ["cell", "key", "slider", "number", "choice", "step", "label"] as const;
const KINDS = ["slider", "number", "choice"] as const;
const NUMBER = /^-?\d+(?:\.\d+)?(?:e-?\d+)?$/i;
const RANGE = /^(-?\d+(?:\.\d+)?(?:e-?\d+)?)\.\.(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i;

/** A number with the noise of binary fractions taken off (0.1 + 0.2 → 0.3). */
export const clean = (x: number): number => Number(x.toPrecision(12));

function readOption(text: string): Option {
  if (NUMBER.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  return text;
}

/** The words inside `{{input …}}`, after `input`. */
export function readInput(body: string): InputSpec | string {
  const words = readWords(body, WORDS);
  if (typeof words === "string") return words;
  const cell = words.get("cell");
  if (!cell) return "cell:LABEL is missing: the label after `scenario` in the cell's opening fence";
  const key = words.get("key");
  if (!key) return "key:PATH is missing: a scenario key as --set takes it, e.g. key:segments[0].pd";
  const kinds = KINDS.filter((k) => words.has(k));
  if (kinds.length !== 1) return `${kinds.length === 0 ? "no control is named" : `${kinds.join(" and ")} are both given`}; allowed: one of slider:LOW..HIGH, number:LOW..HIGH, choice:A|B|C`;
  const kind = kinds[0];
  const label = words.get("label") ?? key;
  const text = words.get(kind)!;
  if (kind === "choice") {
    if (words.has("step")) return "step: goes with slider and number only";
    const parts = text.split("|").map((p) => p.trim());
    if (text.trim() === "" || parts.some((p) => p === "")) return `choice:"${text}" has an empty choice; allowed: values separated by |, e.g. choice:0.02|0.03|0.05`;
    const options = parts.map(readOption);
    const twice = options.find((o, i) => options.indexOf(o) !== i);
    if (twice !== undefined) return `choice:"${text}" lists ${String(twice)} twice; allowed: each value once`;
    return { cell, key, label, control: { kind, options } };
  }
  const m = RANGE.exec(text);
  if (!m) return `${kind}:${text} is not a range; allowed: LOW..HIGH, e.g. ${kind}:0.01..0.08`;
  const low = Number(m[1]);
  const high = Number(m[2]);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return `${kind}:${text} has an end too large to be a number; allowed: LOW..HIGH, two finite numbers`;
  if (!(low < high)) return `${kind}:${text}: the low end must be below the high end; allowed: LOW..HIGH with LOW < HIGH`;
  const stepText = words.get("step");
  const step = stepText === undefined ? clean((high - low) / 100) : Number(stepText);
  if (stepText !== undefined && (!NUMBER.test(stepText) || !(step > 0) || step > high - low)) return `step:${stepText} is not a step of ${low}..${high}; allowed: a number above 0 and at most ${clean(high - low)}`;
  return { cell, key, label, control: { kind, low, high, step } };
}

const quoted = (text: string) => (/^[^\s"]+$/.test(text) ? text : `"${text}"`);

/** The declaration of `spec`, as `readInput` reads it back. */
export function formatInput(spec: InputSpec): string {
  const c = spec.control;
  const control = c.kind === "choice" ? `choice:${quoted(c.options.map(String).join("|"))}` : `${c.kind}:${c.low}..${c.high} step:${c.step}`;
  return `{{input cell:${quoted(spec.cell)} key:${quoted(spec.key)} ${control} label:${quoted(spec.label)}}}`;
}

const INPUT_LINE = /^[ \t]*\{\{[ \t]*input\b([^{}]*)\}\}[ \t]*$/gm;

/** The input lines of a text (those outside code), in order: where each line starts and ends, its declaration as written, and as read. */
function inputLines(text: string): { start: number; end: number; source: string; spec: InputSpec | string }[] {
  const code = codeRanges(text);
  const found: { start: number; end: number; source: string; spec: InputSpec | string }[] = [];
  for (const m of text.matchAll(INPUT_LINE)) {
    const start = m.index;
    if (code.some(([a, b]) => start >= a && start < b)) continue;
    found.push({ start, end: start + m[0].length, source: m[0].trim(), spec: readInput(m[1].replace(/^[ \t]*input\b/, "")) });
  }
  return found;
}

/** The text cut at its input lines (those outside code), in order; prose pieces keep their text as written. */
export function splitInputs(text: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const { start, end, source, spec } of inputLines(text)) {
    if (start > at) pieces.push({ kind: "text", text: text.slice(at, start) });
    pieces.push(typeof spec === "string" ? { kind: "invalid", source, message: spec } : { kind: "input", source, spec });
    at = end;
  }
  if (at < text.length) pieces.push({ kind: "text", text: text.slice(at) });
  // The line breaks between two inputs are no prose.
  return pieces.filter((p) => p.kind !== "text" || /\S/.test(p.text));
}

/**
 * Every input of a notebook that the page would mark, as errors placed in the file
 * (FILE:LINE:COL, the input's key, what is wrong and what is allowed), for `creditlab
 * validate` and `run`: a declaration it cannot read (at the line), a label no scenario cell
 * has or two cells share (at `cell:`), and what `inputValue` finds (at `key:`, or at the
 * control for a range or a choice). The messages are the page's.
 */
export function notebookInputErrors(text: string, file: string): ScenarioError[] {
  const nb = parseNotebook(text);
  const scenarios: { label: string | null; code: string }[] = [];
  const prose: { text: string; offset: number }[] = [];
  // Each cell's text stands in the file as written (serializeNotebook gives it back byte for byte), in order.
  let cursor = 0;
  for (const cell of nb.cells) {
    const written = cell.kind === "markdown" ? cell.text : `${cell.open}\n${cell.code}`;
    const at = written === "" ? cursor : text.indexOf(written, cursor);
    if (cell.kind === "markdown") prose.push({ text: cell.text, offset: Math.max(at, 0) });
    else scenarios.push({ label: fenceLabel(cell.open), code: cell.code });
    if (at >= 0) cursor = at + written.length;
  }
  const labels = scenarios.flatMap((c) => (c.label ? [c.label] : []));
  const lines = lineStarts(text);
  const errors: ScenarioError[] = [];
  for (const { text: cellText, offset } of prose) {
    for (const input of inputLines(cellText)) {
      const lineStart = offset + input.start + /^[ \t]*/.exec(cellText.slice(input.start))![0].length;
      // The place of a word of the declaration (`key:`), else of the declaration itself.
      const place = (word: string | null, path: string, message: string) => {
        const within = word === null ? -1 : input.source.search(new RegExp(`\\b${word}\\s*:`));
        const from = lineStart + Math.max(within, 0);
        errors.push({ kind: "scenario", file, ...lineColumn(lines, from), from, to: from + (within >= 0 ? word!.length : input.source.length), path, message });
      };
      const spec = input.spec;
      if (typeof spec === "string") {
        place(null, "{{input}}", spec);
        continue;
      }
      const path = `{{input ${spec.key}}}`;
      const bound = scenarios.filter((c) => c.label === spec.cell);
      if (bound.length !== 1) {
        const none = `no scenario cell is labelled "${spec.cell}"; allowed: ${labels.length > 0 ? [...new Set(labels)].join(", ") : "a label given in a scenario cell's fence: ```scenario NAME"}`;
        place("cell", path, bound.length === 0 ? none : `${bound.length} scenario cells are labelled "${spec.cell}"; allowed: a label one cell has`);
        continue;
      }
      const value = inputValue(spec, bound[0].code);
      if (!value.ok) {
        const at = value.error.startsWith("step:") ? "step" : value.error.startsWith(`${spec.control.kind}`) || /outside|choices/.test(value.error) ? spec.control.kind : "key";
        place(at, path, value.error);
      }
    }
  }
  return errors;
}

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a mapping" : typeof v === "string" ? `the text "${v}"` : typeof v);

/**
 * The value an input shows: its key's value in the scenario's YAML, or what is wrong with
 * the binding (a key the scenario lacks, a key that is not a number, a value outside the range).
 */
export function inputValue(spec: InputSpec, scenarioText: string): Result<Option, string> {
  const loaded = loadYaml(scenarioText, "scenario.yaml");
  if (!loaded.ok) return err(`its scenario cell "${spec.cell}" has errors`);
  const value = keyValue(loaded.value.data, spec.key);
  if (!value.ok) return err(`${value.error}; allowed: a key the scenario sets, as --set takes it, e.g. segments[0].pd or segments.cards.pd`);
  const v = value.value;
  const c = spec.control;
  if (c.kind !== "choice") {
    if (typeof v !== "number") return err(`${spec.key} is ${kindOf(v)}, not a number; allowed: a key holding a number for a ${c.kind} (choice:A|B for other values)`);
    if (v < c.low || v > c.high) return err(`${spec.key} is ${v} in the scenario, outside ${c.kind}:${c.low}..${c.high}; allowed: a range that holds it`);
    const off = offRange(loaded.value.data, spec.key, c);
    return off ? err(off) : ok(v);
  }
  if (typeof v !== "number" && typeof v !== "string" && typeof v !== "boolean") return err(`${spec.key} is ${kindOf(v)}; allowed: a key holding a number, true/false or a word`);
  if (!c.options.includes(v)) return err(`${spec.key} is ${String(v)} in the scenario, not one of the choices ${c.options.join(", ")}; allowed: a choice list that holds it`);
  const off = offRange(loaded.value.data, spec.key, c);
  return off ? err(off) : ok(v);
}

/**
 * Why a control can be moved to a value its key does not take (a slider from 0 over a pd,
 * which must be above 0; a step of 0.5 over a whole number of months; a word among a
 * number's choices), or null. The bounds are the schema's (src/scenario/numberKey.ts), so
 * the control's every value is one the scenario can run; a key the schema does not take as
 * a number is left to the scenario's own check.
 */
function offRange(data: unknown, key: string, c: Control): string | null {
  const k = numberKey(data, key);
  if (!k.ok) return null;
  if (c.kind === "choice") {
    const bad = c.options.find((o) => typeof o !== "number" || refusedValue(k.value, o) !== null);
    if (bad === undefined) return null;
    return `choice ${String(bad)}: ${typeof bad === "number" ? refusedValue(k.value, bad) : `${key} takes ${k.value.allowed}`}; allowed: choices the key takes`;
  }
  for (const end of [c.low, c.high]) {
    if (refusedValue(k.value, end)) return `${c.kind}:${c.low}..${c.high} reaches ${end}, which ${key} does not take; allowed: LOW and HIGH each ${k.value.allowed}`;
  }
  if (k.value.whole && !Number.isInteger(c.step)) return `step:${c.step}: ${key} takes ${k.value.allowed}; allowed: a whole step, e.g. step:1`;
  return null;
}

/** `value` as YAML: a plain scalar where YAML reads it back the same, else quoted. */
function yamlScalar(value: Option): string {
  if (typeof value !== "string") return String(value);
  return /^[A-Za-z_][\w .-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && !/\s$/.test(value) ? value : JSON.stringify(value);
}

/**
 * The scenario's text with KEY set to `value`: only the characters of the value's scalar
 * are replaced, so comments, layout and every other line stay as written. The result reads
 * as `--set KEY=VALUE` would make it (checked here; where the splice cannot be made, the
 * text `setKeys` writes is taken instead).
 */
export function setKeyText(text: string, key: string, value: Option): Result<string, string> {
  const loaded = loadYaml(text, "scenario.yaml");
  if (!loaded.ok) return err("the scenario has errors: fix them before moving its inputs");
  const path = resolvePath(loaded.value.data, key);
  if (!path.ok) return err(path.error);
  const node = parseDocument(text).getIn(path.value, true);
  if (isScalar(node) && node.range) {
    const spliced = text.slice(0, node.range[0]) + yamlScalar(value) + text.slice(node.range[1]);
    const back = loadYaml(spliced, "scenario.yaml");
    if (back.ok) {
      const read = keyValue(back.value.data, key);
      if (read.ok && read.value === value) return ok(spliced);
    }
  }
  const set = setKeys(text, "scenario.yaml", [{ raw: `${key}=${yamlScalar(value)}`, key, value }]);
  return set.ok ? ok(set.value.text) : err(set.error);
}
