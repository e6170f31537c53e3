/**
 * A key a reverse stress test searches or a sensitivity sets to its low and high value: a
 * key path as `--set` takes it (setKeys.ts) that the scenario's schema takes as a number.
 * What the key allows is read from the schema (allowed.ts), so that a value out of its range
 * is refused before a run is made, in the schema's own words.
 */
import { describe, orList, schemaAt } from "./allowed.ts";
import { alternatives, propertiesOf } from "./schemaReader.ts";
import { keyValue, printedPath as printPath, resolvePath } from "./setKeys.ts";
import { err, ok, type Result } from "../util/result.ts";

export interface NumberKey {
  /** The key path with list items by index. */
  path: (string | number)[];
  /** The key's number in the scenario; undefined when the scenario leaves it out. */
  value: number | undefined;
  /** Whether the key takes whole numbers only (a count of months, of accounts). */
  whole: boolean;
  /** Its bounds, each inclusive or not; absent where the schema sets none. */
  min?: { value: number; inclusive: boolean };
  max?: { value: number; inclusive: boolean };
  /** What the schema allows, in words: `a number greater than 0 and less than 1`. */
  allowed: string;
}

/** The seed and the path count are what the runs of a search or a sweep share. */
const SHARED = /^simulation\.(seed|paths)$|^sensitivity(\.|\[|$)/;

/** Why `key` (printed with list items by index: `printed`) is no key to vary, as the runs share it; or null. */
export function sharedKey(key: string, printed: string): string | null {
  return SHARED.test(printed) ? `${key} is what the runs share, not a key to vary; allowed: a number of the book, the macro or the policy, e.g. segments[0].pd` : null;
}

/**
 * The key `key` of `scenario` (as checked, defaults filled in), when the schema takes a
 * number there; else why not, in one line that names the key and what is allowed.
 */
export function numberKey(scenario: unknown, key: string): Result<NumberKey, string> {
  const resolved = resolvePath(scenario, key);
  if (!resolved.ok) return resolved;
  const path = resolved.value;
  const printed = printPath(path);
  const shared = sharedKey(key, printed);
  if (shared) return err(shared);
  const node = schemaNodeOf(path);
  if (!node) {
    // The longest part of the path the schema knows, and the keys it takes there.
    let known = path.length - 1;
    while (known > 0 && !schemaNodeOf(path.slice(0, known))) known--;
    const keys = Object.keys(propertiesOf(schemaNodeOf(path.slice(0, known)) ?? null) ?? {});
    const where = known === 0 ? "the scenario" : printPath(path.slice(0, known));
    return err(`${key} is not a key of ${where}${keys.length > 0 ? `; allowed: ${keys.join(", ")}` : ""}`);
  }
  const missingItem = missingListItem(scenario, path, key);
  if (missingItem) return err(missingItem);
  // A number the schema fixes (`creditlab: 2`) is no key to vary either.
  const numeric = alternatives(node).filter((n) => (n.type === "number" || n.type === "integer") && !("const" in n) && !Array.isArray(n.enum));
  const found = keyValue(scenario, key);
  if (numeric.length === 0 || (found.ok && typeof found.value !== "number")) {
    const example = "e.g. segments[0].pd or macro.shocks[0].recession.trough";
    if (found.ok && typeof found.value === "number") return err(`${key} takes only ${describe(node)}; allowed: a key that takes a range of numbers, ${example}`);
    const is = found.ok ? `is ${shortValue(found.value)}` : `takes ${describe(node)}`;
    return err(`${key} ${is}, not a number; allowed: a key whose value is a number, ${example}`);
  }
  // Bounds only from a single numeric form: of several, a value one refuses another may take (the runs find the edge).
  const n = numeric.length === 1 ? numeric[0] : {};
  return ok({
    path,
    value: found.ok ? (found.value as number) : undefined,
    whole: numeric.every((x) => x.type === "integer"),
    min: bound(n.minimum, n.exclusiveMinimum),
    max: bound(n.maximum, n.exclusiveMaximum),
    allowed: orList(numeric.map((x) => describe(x))),
  });
}

/** Why `value` is no value of the key (out of its bounds, or not whole), or null when the schema takes it. */
export function refusedValue(k: NumberKey, value: number): string | null {
  const inside =
    Number.isFinite(value) &&
    (!k.whole || Number.isInteger(value)) &&
    (k.min === undefined || (k.min.inclusive ? value >= k.min.value : value > k.min.value)) &&
    (k.max === undefined || (k.max.inclusive ? value <= k.max.value : value < k.max.value));
  return inside ? null : `${value} is not a value of ${printPath(k.path)}; allowed: ${k.allowed}`;
}

/**
 * The schema node of a key path. A variant's keys (`variants[0].segments.cards.pd`) are an
 * overlay the schema leaves untyped: they take what the base key they override takes
 * (`segments.cards.pd`), a list's items named or indexed alike.
 */
function schemaNodeOf(path: readonly (string | number)[]): ReturnType<typeof schemaAt> {
  if (!(path[0] === "variants" && typeof path[1] === "number" && path.length > 2)) return schemaAt(path);
  const base: (string | number)[] = [];
  for (const step of path.slice(2)) {
    const parent = schemaAt(base);
    const isList = parent !== undefined && alternatives(parent).some((n) => n.type === "array");
    base.push(isList && typeof step === "string" ? 0 : step);
  }
  return schemaAt(base);
}

/** Why the path runs through a list item the scenario does not have (segments[3] of one segment), or null. */
function missingListItem(scenario: unknown, path: readonly (string | number)[], key: string): string | null {
  let node = scenario;
  for (const [i, part] of path.entries()) {
    if (node === null || typeof node !== "object") return null;
    if (Array.isArray(node) && typeof part === "number" && part >= node.length) {
      const found = keyValue(scenario, printPath(path.slice(0, i + 1)));
      return found.ok ? null : `${found.error.replace(/^\S+ is not in the scenario/, `${key} is not in the scenario`)}; allowed: an item the list has`;
    }
    node = Object.hasOwn(node, part) ? (node as Record<string | number, unknown>)[part] : undefined;
  }
  return null;
}

function bound(inclusive: unknown, exclusive: unknown): { value: number; inclusive: boolean } | undefined {
  // zod writes ±MAX_SAFE_INTEGER for an integer without a bound: no bound to state.
  const usable = (v: unknown): v is number => typeof v === "number" && Math.abs(v) < Number.MAX_SAFE_INTEGER;
  if (usable(exclusive)) return { value: exclusive, inclusive: false };
  if (usable(inclusive)) return { value: inclusive, inclusive: true };
  return undefined;
}

/** A value in a message: a number or a short text as it is, a list or a mapping by its kind. */
function shortValue(v: unknown): string {
  if (Array.isArray(v)) return `a list of ${v.length === 1 ? "1 item" : `${v.length} items`}`;
  if (v !== null && typeof v === "object") return "a mapping";
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Why `key` moves nothing the runs read (`reader`: "the search reads", "the runs read"): it
 * lies in the overlay of a variant other than the one they read (`variant`, the base when
 * undefined); or null.
 */
export function otherVariantKey(data: unknown, key: string, variant: string | undefined, reader: string): string | null {
  const owner = variantOfKey(data, key);
  const read = variant ?? "base";
  if (owner === null || owner === read) return null;
  return `${key} is a key of the variant "${owner}", and ${reader} ${read === "base" ? "the base" : `the variant "${read}"`}; allowed: --variant ${JSON.stringify(owner)}, or a key of the base`;
}

/**
 * The name of the variant whose overlay `key` lies in (`variants.stressed.segments.cards.pd`,
 * `variants[0].macro…`), or null for a key of the base. A run reads one variant: a key of
 * another moves nothing it reads.
 */
function variantOfKey(data: unknown, key: string): string | null {
  const path = resolvePath(data, key);
  if (!path.ok || path.value[0] !== "variants" || typeof path.value[1] !== "number") return null;
  const variants = (data as { variants?: { name?: unknown }[] }).variants;
  const name = variants?.[path.value[1]]?.name;
  return typeof name === "string" ? name : null;
}
