/**
 * The tags a scenario may carry: YAML 1.2's core schema (https://yaml.org/spec/1.2.2/#103-core-schema),
 * `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and `!!seq`. The `yaml` package
 * resolves an explicit `!!float 1` only when the text looks like a float (`1.0`), so the
 * four scalar tags are declared again here with the spec's own forms; a value that does not
 * fit its tag is an error saying what the tag takes. Every other tag (`!!binary`,
 * `!!timestamp`, `!local`) is refused by the reader as unsupported.
 */
import type { ScalarTag } from "yaml";

const YAML = "tag:yaml.org,2002:";

/** `!!float` for `tag:yaml.org,2002:float`; any other tag as written. */
export const shortTag = (tag: string): string => (tag.startsWith(YAML) ? `!!${tag.slice(YAML.length)}` : tag);

/** The tags allowed, as a reader writes them. */
export const CORE_TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq"] as const;

const INT = [/^[-+]?[0-9]+$/, /^0o[0-7]+$/, /^0x[0-9a-fA-F]+$/];
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function int(text: string): number | undefined {
  if (INT[0].test(text)) return Number(text);
  if (INT[1].test(text)) return parseInt(text.slice(2), 8);
  if (INT[2].test(text)) return parseInt(text.slice(2), 16);
  return undefined;
}

function float(text: string): number | undefined {
  if (FLOAT.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return int(text);
}

const BOOLS: Record<string, boolean> = { true: true, True: true, TRUE: true, false: false, False: false, FALSE: false };
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);

function scalarTag(name: string, read: (text: string) => unknown, allowed: string): ScalarTag {
  return {
    tag: YAML + name,
    resolve(text, onError) {
      const value = read(text);
      if (value === undefined) onError(`!!${name} of a value that is not one; allowed: ${allowed}`);
      return value as string;
    },
  };
}

/** Explicit-tag readers for the `yaml` composer's `customTags`; none is used without a tag. */
export const coreScalarTags: ScalarTag[] = [
  scalarTag("int", int, "a whole number (12, -3, 0o14, 0xC)"),
  scalarTag("float", float, "a number (0.02, 2e-2, 1, .inf, .nan)"),
  scalarTag("bool", (t) => BOOLS[t], "true or false"),
  scalarTag("null", (t) => (NULLS.has(t) ? null : undefined), "~, null or nothing"),
];
