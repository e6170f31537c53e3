/**
 * Completion and hover for the scenario editor, from the JSON Schema: the keys a mapping
 * admits (with unit, default and bounds), the values of a choice, the factor names the
 * scenario declares, and a key's one line of help.
 */
import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import type { EditorView, Tooltip } from "@codemirror/view";
import { parseDocument } from "yaml";
import { scenarioJsonSchema } from "../../scenario/jsonSchema.ts";
import { choices, detailOf, keyHelp, keysOf, nodeAt } from "./schemaHelp.ts";
import { cursorPlace, siblingKeys } from "./yamlPath.ts";

/** Keys whose value names a factor, and mappings whose keys do. */
const FACTOR_VALUE = new Set(["factor"]);
const FACTOR_KEYED = new Set(["loadings", "correlation"]);

function declaredFactors(text: string): string[] {
  try {
    const data = parseDocument(text, { logLevel: "silent" }).toJS() as { macro?: { factors?: object } } | null;
    const factors = data?.macro?.factors;
    return factors && typeof factors === "object" ? Object.keys(factors) : ["economy"];
  } catch {
    return ["economy"];
  }
}

function keyCompletions(text: string, pos: number, lineBefore: string, path: string[]): Completion[] {
  const node = nodeAt(scenarioJsonSchema(), path);
  const inFlow = /[{,][ \t]*[\w.-]*$/.test(lineBefore);
  const indent = /^[ \t]*(?:-[ \t]+)*/.exec(lineBefore)![0].length;
  // A key already in the mapping would be a duplicate, which the scenario format refuses.
  const present = siblingKeys(text, pos);
  const options: Completion[] = keysOf(node)
    .filter((k) => !present.has(k.name))
    .map((k) => ({
    label: k.name,
    type: "property",
    detail: k.detail,
    info: k.description,
    boost: k.required ? 1 : 0,
    apply: k.nested && !inFlow ? `${k.name}:\n${" ".repeat(indent + 2)}` : `${k.name}: `,
  }));
  if (options.length === 0 && FACTOR_KEYED.has(path[path.length - 1] ?? "")) {
    for (const name of declaredFactors(text)) options.push({ label: name, type: "variable", detail: "factor", apply: `${name}: ` });
  }
  return options;
}

function valueCompletions(text: string, path: string[], key: string): Completion[] {
  if (FACTOR_VALUE.has(key)) return declaredFactors(text).map((name) => ({ label: name, type: "variable", detail: "factor" }));
  const node = nodeAt(scenarioJsonSchema(), [...path, key]);
  const options: Completion[] = choices(node).map((label) => ({ label, type: "enum", detail: node ? detailOf(node) : "" }));
  if (options.length === 0 && node && node.default !== undefined && (typeof node.default !== "object" || node.default === null)) {
    options.push({ label: String(node.default), type: "constant", detail: "default" });
  }
  return options;
}

/** The completion source of the scenario editor. */
export function scenarioCompletions(context: CompletionContext): CompletionResult | null {
  const text = context.state.doc.toString();
  const place = cursorPlace(text, context.pos);
  if (!context.explicit && place.prefix === "" && place.at === "key") return null;
  const line = context.state.doc.lineAt(context.pos);
  const lineBefore = line.text.slice(0, context.pos - line.from);
  const options = place.at === "key" ? keyCompletions(text, context.pos, lineBefore, place.path) : valueCompletions(text, place.path, place.key ?? "");
  if (options.length === 0) return null;
  return { from: place.from, options, validFor: /^[\w.-]*$/ };
}

const KEY_TOKEN = /(^|[\s{,-])(['"]?)([A-Za-z_][\w.-]*)\2(?=[ \t]*:(?:[ \t]|$))/g;

/** Hover help for the key under the pointer. */
export function scenarioHover(view: EditorView, pos: number): Tooltip | null {
  const line = view.state.doc.lineAt(pos);
  const at = pos - line.from;
  for (const m of line.text.matchAll(KEY_TOKEN)) {
    const start = m.index + m[1].length + m[2].length;
    const end = start + m[3].length;
    if (at < start || at > end) continue;
    const text = view.state.doc.toString();
    const place = cursorPlace(text, line.from + end);
    const help = keyHelp(scenarioJsonSchema(), [...place.path, m[3]]);
    if (!help || (!help.description && !help.detail)) return null;
    return {
      pos: line.from + start,
      end: line.from + end,
      above: true,
      create: () => {
        const dom = document.createElement("div");
        dom.className = "cm-scenario-help";
        const title = dom.appendChild(document.createElement("strong"));
        title.textContent = help.name;
        if (help.description) dom.appendChild(document.createElement("div")).textContent = help.description;
        if (help.detail) {
          const detail = dom.appendChild(document.createElement("div"));
          detail.className = "cm-scenario-help-detail";
          detail.textContent = help.detail;
        }
        return { dom };
      },
    };
  }
  return null;
}
