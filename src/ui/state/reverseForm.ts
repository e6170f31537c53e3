/**
 * The reverse stress test's form on a scenario cell: which keys it offers (the numbers the
 * cell's text writes, as `--set` key paths) and its fields read into a question, or what is
 * wrong with each field, said next to it.
 */
import { PATH_METRIC_NAMES, type PathMetricName } from "../../engine/metrics.ts";
import { loadYaml } from "../../scenario/loadYaml.ts";
import { numberKey } from "../../scenario/numberKey.ts";
import type { ReverseQuestion } from "./keyStudies.svelte.ts";

/** Keys whose numbers are the run's settings or the sensitivity's, not assumptions to solve for. */
const NOT_VARIED = new Set(["creditlab", "simulation", "sensitivity", "variants"]);

/**
 * Every number the text writes, by key path (`segments[0].pd`, `macro.shocks[0].recession.trough`),
 * in the text's order; not the whole numbers (accounts, months), which the search, moving a
 * key by fractions, cannot vary (src/run/reverse.ts).
 */
export function numericKeys(text: string, file: string): string[] {
  const loaded = loadYaml(text, file);
  if (!loaded.ok) return [];
  const out: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node === "number" && Number.isFinite(node)) out.push(path);
    else if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (node !== null && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (path === "" && NOT_VARIED.has(k)) continue;
        walk(v, path === "" ? k : `${path}.${k}`);
      }
    }
  };
  walk(loaded.value.data, "");
  return out.filter((key) => {
    const k = numberKey(loaded.value.data, key);
    return k.ok && !k.value.whole;
  });
}

export interface ReverseFields {
  vary: string;
  metric: string;
  quantile: string;
  reach: string;
  /** The range to search in, both ends or neither (then the search starts from the key's value in the cell). */
  from: string;
  to: string;
}

export type FieldErrors = Partial<Record<keyof ReverseFields, string>>;

/** A number as typed: `0.05`, `1e6`, `-2`, `1,500,000`; null when it is not one. */
function number(text: string): number | null {
  const t = text.trim().replace(/(?<=\d),(?=\d{3}\b)/g, "");
  if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const x = Number(t);
  return Number.isFinite(x) ? x : null;
}

/** The question the fields ask, or each field's problem. */
export function readReverseForm(f: ReverseFields, keys: readonly string[]): { ok: true; question: ReverseQuestion } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!keys.includes(f.vary)) errors.vary = "Choose a key the scenario writes as a number.";
  if (!(PATH_METRIC_NAMES as readonly string[]).includes(f.metric)) errors.metric = "Choose a book metric.";
  let quantile: number | null = null;
  if (f.quantile.trim() !== "") {
    quantile = number(f.quantile);
    if (quantile === null || !(quantile > 0 && quantile < 1)) errors.quantile = "A level between 0 and 1, such as 0.99; or leave it empty for the mean.";
  }
  const reach = number(f.reach);
  if (reach === null) errors.reach = "A number: the level the metric must reach, such as 0.05 for a 5% rate.";
  const between = readBetween(f.from, f.to, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, question: { vary: f.vary, metric: f.metric as PathMetricName, quantile, reach: reach!, between } };
}

/** The range to search in, from its two fields (both empty: none), or each end's problem in `errors`. */
function readBetween(fromText: string, toText: string, errors: FieldErrors): [number, number] | null {
  if (fromText.trim() === "" && toText.trim() === "") return null;
  const from = number(fromText);
  const to = number(toText);
  if (from === null) errors.from = "A number: the low end of the key's range to search, or leave both ends empty.";
  if (to === null) errors.to = "A number: the high end of the key's range to search, or leave both ends empty.";
  if (from === null || to === null) return null;
  if (!(from < to)) {
    errors.to = `Above the low end (${from}): the range to search runs from low to high.`;
    return null;
  }
  return [from, to];
}
