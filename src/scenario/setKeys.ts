/**
 * `--set KEY=VALUE`: a scenario key given on the command line, as if the file said it. KEY
 * is a key path as errors print it (`simulation.paths`, `segments[0].pd`), where a list of
 * named items (`segments`, `variants`) may also be indexed by name (`segments.prime.pd`);
 * VALUE is YAML (`0.04`, `true`, `[0.3, 0.2]`, `{ minScore: 620 }`), read by the same
 * bounded loader as a scenario file. The file's text is rewritten with the keys set, so
 * whatever reads the scenario afterwards (workers, a chunk's digest) sees one scenario.
 */
import { parseDocument } from "yaml";
import { err, ok, type Result } from "../util/result.ts";
import { loadYaml } from "./loadYaml.ts";
import { isJsonFile } from "./strictText.ts";

export interface KeySetting {
  /** As given: `KEY=VALUE`. */
  raw: string;
  /** The key path, list items by their index. */
  path: (string | number)[];
  value: unknown;
}

/** Splits `KEY=VALUE` and reads VALUE; the path's names are resolved against a scenario later. */
export function parseSetting(raw: string): Result<{ raw: string; key: string; value: unknown }, string> {
  const at = raw.indexOf("=");
  if (at <= 0) return err(`--set ${raw}: allowed: KEY=VALUE, e.g. --set segments[0].pd=0.04`);
  const key = raw.slice(0, at);
  const loaded = loadYaml(raw.slice(at + 1), "--set");
  if (!loaded.ok) return err(`--set ${raw}: the value is not YAML: ${loaded.error[0].message}`);
  return ok({ raw, key, value: loaded.value.data });
}

/** `a.b[2].c` → ["a", "b", 2, "c"]; null when it is not a key path. */
function splitKey(key: string): (string | number)[] | null {
  const parts: (string | number)[] = [];
  for (const part of key.split(".")) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return null;
    parts.push(m[1], ...[...m[2].matchAll(/\[(\d+)\]/g)].map((i) => Number(i[1])));
  }
  return parts;
}

/** The path with list items named by their `name` turned into indexes, or why not. */
export function resolvePath(data: unknown, key: string): Result<(string | number)[], string> {
  const parts = splitKey(key);
  if (!parts) return err(`"${key}" is not a key path; allowed: names joined by dots, list items as [N] or by name, e.g. segments[0].pd or segments.prime.pd`);
  let node = data;
  const path: (string | number)[] = [];
  for (const part of parts) {
    if (Array.isArray(node) && typeof part === "string" && !/^\d+$/.test(part)) {
      const index = node.findIndex((item) => item !== null && typeof item === "object" && (item as { name?: unknown }).name === part);
      if (index < 0) {
        const names = node.map((item) => (item as { name?: unknown } | null)?.name).filter((n) => typeof n === "string");
        return err(`${path.join(".") || "the list"} has no item named "${part}"; allowed: ${names.join(", ") || "an index [N]"}`);
      }
      path.push(index);
    } else path.push(Array.isArray(node) && typeof part === "string" ? Number(part) : part);
    node = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[path[path.length - 1]] : undefined;
  }
  return ok(path);
}

/**
 * The scenario text with each setting applied in order, or one line saying which setting
 * cannot be applied. `file` decides the syntax: a `.json` file stays strict JSON.
 */
export function setKeys(text: string, file: string, settings: readonly { raw: string; key: string; value: unknown }[]): Result<{ text: string; applied: KeySetting[] }, string> {
  const loaded = loadYaml(text, file);
  if (!loaded.ok) return err(`${file}: cannot set keys in a file with errors`);
  const doc = parseDocument(text);
  const applied: KeySetting[] = [];
  for (const s of settings) {
    const path = resolvePath(doc.toJS(), s.key);
    if (!path.ok) return err(`--set ${s.raw}: ${path.error}`);
    try {
      doc.setIn(path.value, doc.createNode(s.value));
    } catch (e) {
      // The yaml library refuses to set a key below a scalar ("b" in a: 1 → a.b).
      return err(`--set ${s.raw}: ${e instanceof Error ? e.message : String(e)}; allowed: a key below a mapping or a list`);
    }
    applied.push({ raw: s.raw, path: path.value, value: s.value });
  }
  return ok({ text: isJsonFile(file) ? JSON.stringify(doc.toJS(), null, 2) + "\n" : doc.toString(), applied });
}

/** The value at KEY (a key path as `--set` takes it) in a scenario's data, or why there is none. */
export function keyValue(data: unknown, key: string): Result<unknown, string> {
  const path = resolvePath(data, key);
  if (!path.ok) return path;
  let node = data;
  for (const [i, part] of path.value.entries()) {
    // Only the scenario's own keys: `constructor` or `__proto__` is no key of a mapping.
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) {
      if (Array.isArray(node) && typeof part === "number") {
        const list = printedPath(path.value.slice(0, i));
        return err(`${key} is not in the scenario: ${list} has ${node.length === 1 ? "1 item" : `${node.length} items`}${node.length > 0 ? ` (${list}[0]${node.length > 1 ? ` to ${list}[${node.length - 1}]` : ""})` : ""}`);
      }
      return err(`${key} is not in the scenario`);
    }
    node = (node as Record<string | number, unknown>)[part];
  }
  return node === undefined ? err(`${key} is not in the scenario`) : ok(node);
}

/** A path as errors print it: `segments[0].lgd.mean`. */
export const printedPath = (p: readonly (string | number)[]): string => p.map((x, i) => (typeof x === "number" ? `[${x}]` : i === 0 ? x : `.${x}`)).join("");

/** The setting an error at `errorPath` (as printed, `segments[0].pd`) comes from: the one whose key path is its prefix. */
export function settingOf(applied: readonly KeySetting[], errorPath: string): KeySetting | undefined {
  return [...applied].reverse().find((s) => errorPath === printedPath(s.path) || errorPath.startsWith(printedPath(s.path) + ".") || errorPath.startsWith(printedPath(s.path) + "["));
}
