/**
 * Keys a sensitivity varies, from the scenario's `sensitivity.keys` or from `creditlab
 * sensitivity --range KEY=LO,HI` (the same rules, so a flag is refused where the file's key
 * would be): each names a number of the scenario, once, however it is spelt
 * (`segments[0].pd` and `segments.cards.pd` are one key), with two different values that
 * the key's schema allows; the seed and the path count are what the runs share, so they
 * are not keys to vary. The metric names are the engine's, checked where the sensitivity is
 * read (src/run/sensitivity.ts).
 */
import { numberKey, refusedValue, sharedKey } from "./numberKey.ts";
import type { Scenario } from "./schema.ts";
import { keyValue, printedPath, resolvePath } from "./setKeys.ts";

/** A key with its low and high value. */
export interface SweptKey {
  key: string;
  low: number;
  high: number;
}

/** What is wrong with the `index`-th key, at its `field`. */
export interface SweepProblem {
  index: number;
  field: "key" | "low" | "high";
  message: string;
}

/** The problems of `keys` on scenario `s`; `nameOf(i)` names the i-th key where another repeats it. */
export function sweepProblems(s: Scenario, keys: readonly SweptKey[], nameOf: (i: number) => string): SweepProblem[] {
  const out: SweepProblem[] = [];
  // Each key as one spelling (list items by index), to find a key given twice.
  const spelt = keys.map((k) => {
    const path = resolvePath(s, k.key);
    return path.ok ? printedPath(path.value) : k.key;
  });
  keys.forEach((k, i) => {
    const problem = (field: SweepProblem["field"], message: string) => out.push({ index: i, field, message });
    const shared = sharedKey(k.key, spelt[i]);
    if (shared) {
      problem("key", shared);
      return;
    }
    const found = keyValue(s, k.key);
    if (!found.ok) problem("key", /allowed:/.test(found.error) ? found.error : `${found.error}; allowed: a key path to a number of the scenario, e.g. segments[0].pd or macro.shocks[0].recession.trough`);
    else if (typeof found.value !== "number") problem("key", `${k.key} is ${JSON.stringify(found.value)}, not a number; allowed: a key path to a number of the scenario`);
    else {
      // The key's own range, from the schema: a value it refuses is placed here, not found by a run.
      const key = numberKey(s, k.key);
      if (!key.ok) problem("key", key.error);
      else {
        for (const field of ["low", "high"] as const) {
          const refused = refusedValue(key.value, k[field]);
          if (refused) problem(field, refused);
        }
      }
    }
    const first = spelt.indexOf(spelt[i]);
    if (first !== i) problem("key", `${k.key} is already varied by ${nameOf(first)}; allowed: each key once`);
    if (k.low === k.high) problem("high", `${k.high} equals low; allowed: a value other than ${k.low}`);
  });
  return out;
}
