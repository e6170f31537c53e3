/**
 * A text cell's Markdown with its live values and exercises (src/notebook/liveValues.ts)
 * written in: each `{{ … }}` is cut out before the Markdown is rendered and sanitized
 * (markdown.ts), and replaced after it by HTML built here from the parsed expression and
 * the cell's result, every text escaped. So the notebook's own HTML still goes through
 * DOMPurify, and what is put back holds nothing the text could inject.
 *
 * The HTML report keeps these elements as drawn: a value with its error in its title.
 */
import { findInlines, type Answer, type Found } from "../notebook/liveValues.ts";
import { liveValue, specProblem, type LiveResult } from "../result/liveValue.ts";
import type { ResultFile } from "../result/resultFile.ts";
import { renderMarkdown } from "./markdown.ts";
import { kept } from "../util/kept.ts";
import type { RunStatus } from "./state/runStatus.ts";

/** A labelled cell's state as a live value reads it. */
export type LiveSource = { kind: "running" } | { kind: "result"; result: ResultFile } | { kind: "not run"; reason: string };

/** What an exercise shows after a check: the student's text and the verdict. */
export interface ExerciseState {
  input: string;
  feedback: string;
  right?: boolean;
  revealed?: boolean;
}

export interface LiveContext {
  /** The cell labelled `label`, or null when there is none. */
  source(label: string): LiveSource | null;
  /** The notebook's labels, for the message of a label not found. */
  labels: readonly string[];
  /** The exercises' states by their order in the text. */
  exercises?: ReadonlyMap<number, ExerciseState>;
}

/** What a labelled cell's run status gives a live value. */
export function liveSource(status: RunStatus): LiveSource {
  switch (status.kind) {
    case "queued":
    case "running":
      return { kind: "running" };
    case "done":
      return { kind: "result", result: status.result };
    case "idle":
      return { kind: "not run", reason: "its scenario cell has not run yet" };
    case "waiting":
      return { kind: "not run", reason: `its scenario waits for the tape ${status.missing.join(", ")}` };
    case "stale":
      return { kind: "not run", reason: "its scenario was edited after its last run" };
    case "invalid":
      return { kind: "not run", reason: "its scenario has errors" };
    case "failed":
      return { kind: "not run", reason: `its run failed: ${status.message}` };
    case "cancelled":
      return { kind: "not run", reason: "its run was cancelled" };
    default:
      return status satisfies never;
  }
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Private-use characters around an expression's index: plain text to Markdown and DOMPurify. */
const token = (i: number) => `\uE000${i}\uE001`;
const TOKEN = /\uE000(\d+)\uE001/g;
const HAS_TOKEN = /\uE000\d+\uE001/;

const invalid = (source: string, message: string) =>
  `<mark class="live-invalid" title="${escape(message)}">${escape(source)}<span class="live-why"> ← ${escape(message)}</span></mark>`;

/** The value of a live expression, or why there is none; null while its cell runs. */
export function evaluate(ctx: LiveContext, cell: string, read: (r: ResultFile) => LiveResult): { kind: "value"; value: LiveResult & { ok: true } } | { kind: "running" } | { kind: "not run"; reason: string } | { kind: "invalid"; message: string } {
  const source = ctx.source(cell);
  if (!source) return { kind: "invalid", message: `no scenario cell is labelled "${cell}"; labels here: ${ctx.labels.length ? ctx.labels.join(", ") : "none (label a cell in its fence: ```scenario NAME)"}` };
  if (source.kind !== "result") return source;
  const v = read(source.result);
  return v.ok ? { kind: "value", value: v } : { kind: "invalid", message: v.message };
}

function valueHtml(ctx: LiveContext, found: Found & { inline: { kind: "value" } }): string {
  const { spec } = found.inline;
  const problem = specProblem(spec);
  if (problem) return invalid(found.source, problem);
  const e = evaluate(ctx, spec.cell, (r) => liveValue(r, spec));
  const label = escape(found.source);
  switch (e.kind) {
    case "running":
      return `<span class="live running" aria-busy="true" title="${label}: its cell is running">…</span>`;
    case "not run":
      return `<span class="live not-run" title="${escape(`${found.source}: ${e.reason}`)}">not run <span class="live-why">(${escape(e.reason)})</span></span>`;
    case "invalid":
      return invalid(found.source, e.message);
    case "value": {
      const { value: v } = e;
      const shown = v.interval ? `${v.text} (95% interval ${v.format(v.interval[0])} to ${v.format(v.interval[1])})` : v.text;
      return `<span class="live" tabindex="0" data-value="${v.value}" title="${escape(`${v.error}. ${found.source}`)}">${escape(shown)}</span>`;
    }
  }
}

/** The range an exercise accepts and the answer as written, or why there is none. */
export function accepted(ctx: LiveContext, answer: Answer): ReturnType<typeof evaluate> | { kind: "range"; low: number; high: number; text: string } {
  if (answer.kind === "range") return { kind: "range", low: answer.low, high: answer.high, text: `${answer.low} to ${answer.high}` };
  const problem = specProblem(answer.spec);
  if (problem) return { kind: "invalid", message: problem };
  const e = evaluate(ctx, answer.spec.cell, (r) => liveValue(r, answer.spec));
  if (e.kind !== "value") return e;
  const { value, format } = e.value;
  const t = answer.tolerance;
  const half = t.relative ? Math.abs(value) * t.amount : t.amount;
  return { kind: "range", low: value - half, high: value + half, text: `${format(value)} (accepted ${format(value - half)} to ${format(value + half)})` };
}

function exerciseHtml(ctx: LiveContext, found: Found & { inline: { kind: "exercise" } }, k: number): string {
  const state = ctx.exercises?.get(k);
  const a = accepted(ctx, found.inline.answer);
  if (a.kind === "invalid") return invalid(found.source, a.message);
  const ready = a.kind === "range";
  const status = a.kind === "running" ? "its cell is running" : a.kind === "not run" ? `not run (${a.reason})` : "";
  const feedback = state?.revealed && a.kind === "range" ? `Answer: ${a.text}` : (state?.feedback ?? status);
  const verdict = state?.right === undefined || state.revealed ? "" : state.right ? " right" : " wrong";
  return `<span class="exercise" data-exercise="${k}"><input type="text" inputmode="decimal" aria-label="Your answer" value="${escape(state?.input ?? "")}"${ready ? "" : " disabled"}><button type="button" data-check${ready ? "" : " disabled"}>Check</button><button type="button" data-reveal${ready ? "" : " disabled"}>Reveal</button><span class="feedback${verdict}" aria-live="polite">${escape(feedback)}</span></span>`;
}

/** Sanitized HTML of a text cell with its live values and exercises written in; `firstExercise` numbers its exercises after those of the cell's earlier pieces. */
export function renderLiveMarkdown(text: string, ctx: LiveContext, firstExercise = 0): string {
  const found = findInlines(text);
  if (found.length === 0) return renderMarkdown(text);
  let cut = "";
  let at = 0;
  found.forEach((f, i) => {
    cut += text.slice(at, f.start) + token(i);
    at = f.end;
  });
  cut += text.slice(at);
  let exercise = firstExercise;
  const parts = found.map((f) => {
    if (f.inline.kind === "invalid") return invalid(f.source, f.inline.message);
    if (f.inline.kind === "value") return valueHtml(ctx, f as Found & { inline: { kind: "value" } });
    return exerciseHtml(ctx, f as Found & { inline: { kind: "exercise" } }, exercise++);
  });
  return kept(filled, `${text}\u0000${parts.join("\u0000")}`, KEEP, () => putBack(renderMarkdown(cut), parts, found));
}

/**
 * The latest texts with their values written in, by the text and the values' HTML: a
 * progress report that leaves every value as it was (still running) then changes nothing.
 */
const filled = new Map<string, string>();
const KEEP = 100;

/**
 * The expressions' HTML put in place of their tokens in text, parsed as HTML, and each
 * expression's own source put back in an attribute (a link's title), where no HTML goes.
 */
function putBack(html: string, parts: string[], found: Found[]): string {
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  const walker = document.createTreeWalker(tpl.content, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (HAS_TOKEN.test(n.nodeValue ?? "")) texts.push(n as Text);
  for (const node of texts) {
    const pieces = (node.nodeValue ?? "").split(TOKEN);
    const holder = document.createElement("template");
    holder.innerHTML = pieces.map((p, k) => (k % 2 === 0 ? escape(p) : (parts[Number(p)] ?? ""))).join("");
    node.replaceWith(holder.content);
  }
  for (const el of Array.from(tpl.content.querySelectorAll("*")))
    for (const attr of Array.from(el.attributes)) if (HAS_TOKEN.test(attr.value)) el.setAttribute(attr.name, attr.value.replace(TOKEN, (_, i: string) => found[Number(i)]?.source ?? ""));
  return tpl.innerHTML;
}
