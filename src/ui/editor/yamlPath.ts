/**
 * Where the cursor is in a YAML document that is being typed: the key path of the mapping
 * around it, and whether it stands where a key or a value goes. Read from indentation and
 * flow brackets rather than from a parse, because the text is usually half-written
 * (`pers` with no colon yet) and a YAML parser would place such text anywhere.
 */

/** A key, or `[]` for an item of a list. */
export type PathStep = string;

export interface CursorPlace {
  /** Keys from the document's root to the mapping the cursor is in. */
  path: PathStep[];
  /** `key`: a key goes here; `value`: the value of `key` goes here. */
  at: "key" | "value";
  /** The key whose value is being typed (when `at` is "value"). */
  key?: string;
  /** The word typed so far and the offset where it starts. */
  prefix: string;
  from: number;
}

const LINE = /^(\s*)((?:-[ \t]+)*)/;
const KEY = /^(['"]?)([\w .-]*?)\1[ \t]*:(?:[ \t]|$)/;

interface LineShape {
  /** Column of each list marker, then of the content. */
  markers: number[];
  content: number;
  key: string | null;
}

function shape(line: string): LineShape | null {
  if (/^\s*(#|$)/.test(line)) return null;
  const m = LINE.exec(line)!;
  const markers: number[] = [];
  let col = m[1].length;
  for (const dash of m[2].match(/-[ \t]+/g) ?? []) {
    markers.push(col);
    col += dash.length;
  }
  const key = KEY.exec(line.slice(col));
  return { markers, content: col, key: key ? key[2] : null };
}

/** The keys enclosing column `col` of line `lineIndex`, read from the lines above it. */
function parents(lines: string[], lineIndex: number, col: number): PathStep[] {
  const path: PathStep[] = [];
  // A list may sit at its key's own indentation, so a key above a list item may be level with it.
  let keyBelow = col;
  let markerBelow = col;
  for (let i = lineIndex - 1; i >= 0 && keyBelow > 0; i--) {
    const s = shape(lines[i]);
    if (!s) continue;
    if (s.content < keyBelow && s.key !== null) {
      path.push(s.key);
      keyBelow = markerBelow = s.content;
    }
    for (let k = s.markers.length - 1; k >= 0; k--) {
      if (s.markers[k] < markerBelow) {
        path.push("[]");
        markerBelow = s.markers[k];
        keyBelow = markerBelow + 1;
      }
    }
  }
  return path.reverse();
}

interface Frame {
  bracket: "{" | "[" | "";
  /** The step from the enclosing collection into this one. */
  step: PathStep | null;
  /** Where the current entry of this collection starts. */
  entry: number;
}

/** Flow collections left open before the cursor, e.g. `lgd: { mean: 0.8, sd`. */
function openFlows(text: string): Frame[] {
  const stack: Frame[] = [{ bracket: "", step: null, entry: 0 }];
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "{" || c === "[") {
      const key = /([\w.-]+)[ \t]*:[ \t]*$/.exec(text.slice(top.entry, i));
      stack.push({ bracket: c, step: top.bracket === "[" ? "[]" : key ? key[1] : null, entry: i + 1 });
    } else if ((c === "}" || c === "]") && stack.length > 1) stack.pop();
    else if (c === "," && top.bracket) top.entry = i + 1;
  }
  return stack;
}

/** Where `offset` stands in `text`. */
export function cursorPlace(text: string, offset: number): CursorPlace {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lines = text.slice(0, lineStart).split("\n");
  const lineIndex = lines.length - 1;
  const before = text.slice(lineStart, offset);
  const m = LINE.exec(before)!;
  const markerCols: number[] = [];
  let col = m[1].length;
  for (const dash of m[2].match(/-[ \t]+/g) ?? []) {
    markerCols.push(col);
    col += dash.length;
  }
  const outer = markerCols.length ? markerCols[0] : col;
  const path = [...parents(lines, lineIndex, outer), ...markerCols.map(() => "[]")];
  const flows = openFlows(before.slice(col));
  const top = flows[flows.length - 1];
  for (const f of flows) if (f.step) path.push(f.step);
  const rest = before.slice(col + top.entry);
  if (top.bracket === "[") {
    const prefix = /[^\s,[]*$/.exec(rest)![0];
    return { path, at: "value", key: "[]", prefix, from: offset - prefix.length };
  }
  const value = /^[ \t]*(['"]?)([\w .-]*?)\1[ \t]*:[ \t]*(.*)$/.exec(rest);
  if (value) {
    const prefix = /[^\s{[,:]*$/.exec(value[3])![0];
    return { path, at: "value", key: value[2], prefix, from: offset - prefix.length };
  }
  const prefix = /[\w.-]*$/.exec(rest)![0];
  return { path, at: "key", prefix, from: offset - prefix.length };
}

/**
 * The keys already written in the block mapping whose keys start at `col` around line
 * `lineIndex` (the cursor's line excluded), so that completion does not offer them again.
 * The mapping runs up to a line less indented or a list item's marker at its level.
 */
export function siblingKeys(text: string, offset: number): Set<string> {
  const lines = text.split("\n");
  const lineIndex = text.slice(0, offset).split("\n").length - 1;
  const here = shape(lines[lineIndex] ?? "");
  const col = here ? here.content : (/^\s*/.exec(lines[lineIndex] ?? "")![0].length);
  const keys = new Set<string>();
  const flow = /\{([^{}]*)$/.exec(text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset));
  if (flow) {
    const rest = text.slice(offset);
    const close = rest.indexOf("}");
    const inside = flow[1] + (close >= 0 ? rest.slice(0, close) : "");
    for (const m of inside.matchAll(/(?:^|,)\s*(['"]?)([\w.-]+)\1\s*:/g)) keys.add(m[2]);
    keys.delete(/[\w.-]*$/.exec(flow[1])![0]);
    return keys;
  }
  // Up: to the line that opens the mapping; a list item's first key belongs to it and ends it.
  for (let i = lineIndex - 1; i >= 0; i--) {
    const s = shape(lines[i]);
    if (!s) continue;
    if (s.content < col) break;
    if (s.content === col && s.key !== null) keys.add(s.key);
    if (s.content === col && s.markers.length > 0) break;
  }
  // Down: to a less indented line or the next list item at this level.
  for (let i = lineIndex + 1; i < lines.length; i++) {
    const s = shape(lines[i]);
    if (!s) continue;
    if (s.content < col || (s.markers.length > 0 && s.content <= col)) break;
    if (s.content === col && s.key !== null) keys.add(s.key);
  }
  return keys;
}
