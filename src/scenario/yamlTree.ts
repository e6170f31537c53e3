/**
 * Checks of the YAML tree that plain data can no longer show: a key written twice (the
 * second would silently win), a key that is a list or mapping, an alias of no anchor, and
 * an alias inside the collection it refers to (a cycle no scenario needs). Runs after the depth check, so
 * the recursion is at most MAX_DEPTH deep.
 */
import { isAlias, isMap, isSeq, type Alias, type Document, type Node, type YAMLMap } from "yaml";
import { keyName, type PathKey, type Problem } from "./positions.ts";

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
