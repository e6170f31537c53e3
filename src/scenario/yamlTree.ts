/**
 * Checks of the YAML tree that plain data can no longer show: a key written twice (the
 * second would silently win), a key that is a list or mapping, an alias of no anchor, and
 * an alias inside the collection it refers to (a cycle no scenario needs). Strings written
 * with escapes (`"\e[31m"`, `"\u2028"`) are checked here, where their place is known: a
 * description may hold tabs and line breaks; every other string (names, the factor a
 * shock names, a seed) and every key is a name, which prints to terminals and pages
 * inside one line, and takes no character that does not print. Runs after the depth check,
 * so the recursion is at most MAX_DEPTH deep.
 */
import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node, type YAMLMap } from "yaml";
import { keyName, UNPRINTABLE, type PathKey, type Problem } from "./positions.ts";
import { characterName } from "./strictText.ts";

const IN_NAMES = new RegExp(UNPRINTABLE.source, "u");
const IN_TEXT = new RegExp(`(?![\\t\\n])(?:${UNPRINTABLE.source})`, "u");
const ALLOWED_NAME = "a name of printable characters: no control characters, escape sequences, tabs, line breaks or bidirectional controls";
const ALLOWED_TEXT = "printable text: tabs and line breaks, but no other control characters, escape sequences or bidirectional controls";

/** The problem of a name or text holding a character that does not print, or null. */
function unprintable(text: string, name: boolean): string | null {
  const found = (name ? IN_NAMES : IN_TEXT).exec(text);
  if (!found) return null;
  const what = name ? "a name" : "a string";
  return `${what} with a character that does not print (${characterName(found[0])}); allowed: ${name ? ALLOWED_NAME : ALLOWED_TEXT}`;
}

export interface TreeCheck {
  problems: Problem[];
  /** Range of the first alias in the file, where alias expansion errors are reported. */
  firstAlias: readonly [number, number];
}

export function checkTree(doc: Document.Parsed): TreeCheck {
  const walk = new TreeWalk(doc);
  walk.visit(doc.contents as Node | null, []);
  return { problems: walk.problems, firstAlias: walk.firstAlias ?? [0, 0] };
}

class TreeWalk {
  readonly problems: Problem[] = [];
  firstAlias: [number, number] | undefined;
  private readonly open = new Set<Node>();

  constructor(private readonly doc: Document.Parsed) {}

  visit(node: Node | null, path: PathKey[]): void {
    if (!node) return;
    if (isAlias(node)) return this.alias(node, path);
    if (isScalar(node) && typeof node.value === "string") {
      const message = unprintable(node.value, path[path.length - 1] !== "description");
      if (message) this.problems.push({ path, range: span(node.range), message });
      return;
    }
    if (!isMap(node) && !isSeq(node)) return;
    this.open.add(node);
    if (isMap(node)) this.mapping(node, path);
    else node.items.forEach((item, i) => this.visit(item as Node, [...path, i]));
    this.open.delete(node);
  }

  private mapping(node: YAMLMap, path: PathKey[]): void {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const name = keyName(pair.key);
      const keyRange = (pair.key as Node | null)?.range;
      if (name === undefined) {
        this.problems.push({ path, range: span(keyRange), message: "a key that is a list, mapping or alias; allowed: a plain name" });
        continue;
      }
      const badName = unprintable(name, true);
      if (badName) {
        this.problems.push({ path, range: span(keyRange), message: badName.replace("a name", "a key") });
        continue;
      }
      if (seen.has(name)) {
        this.problems.push({ path: [...path, name], range: span(keyRange), message: "duplicate key; allowed: each key once in a mapping" });
      }
      seen.add(name);
      this.visit(pair.value as Node | null, [...path, name]);
    }
  }

  private alias(node: Alias, path: PathKey[]): void {
    const range = span(node.range);
    this.firstAlias ??= range;
    const target = node.resolve(this.doc);
    if (!target) {
      this.problems.push({ path, range, message: `alias *${node.source} names no anchor; allowed: an alias of an anchor &${node.source} written before it` });
    } else if (this.open.has(target as Node)) {
      this.problems.push({ path, range, message: `alias *${node.source} refers to a mapping or list that contains it; allowed: an alias of a node outside it` });
    }
  }
}

function span(range: readonly number[] | null | undefined): [number, number] {
  return range ? [range[0], range[1]] : [0, 0];
}
