import { describe, expect, it } from "vitest";
import { MAX_DEPTH } from "../../src/scenario/loadYaml.ts";
import { errorsOf, expectAt, onlyError, parsed, positionOf, SMALL_BOOK } from "./helpers.ts";

const billionLaughs = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`;

describe("untrusted files", () => {
  it("a 100 MB text is one error at once", () => {
    const e = onlyError("a".repeat(100 * 1024 * 1024));
    expect([e.line, e.column, e.path]).toEqual([1, 1, ""]);
    expect(e.message).toBe("the file is too large (100.0 MB); allowed: at most 2 MB");
  });

  it("a billion laughs is refused at the first alias", () => {
    const e = onlyError(billionLaughs);
    expect(e.message).toBe("aliases expand to too much data; allowed: at most 100 alias expansions");
    expect({ line: e.line, column: e.column }).toEqual(positionOf(billionLaughs, "*a"));
  });

  it("a few aliases are fine", () => {
    const text = `creditlab: 1
segments:
  - name: a
    accounts: 10
    pd: 0.01
    delinquency: &ladder { roll: [0.3, 0.5] }
  - name: b
    accounts: 10
    pd: 0.02
    delinquency: *ladder
`;
    expect(parsed(text).scenario.segments[1].delinquency.roll).toEqual([0.3, 0.5]);
  });

  it("an error in an aliased value points at the alias", () => {
    const text = "creditlab: 1\nx: &n 2\nsegments: [{ name: a, accounts: 10, pd: *n }]\n";
    const errors = errorsOf(text);
    expectAt(errors[1], "segments[0].pd", text, "*n");
  });

  it("a list nested 10,000 deep is refused", () => {
    const e = onlyError(`${"[".repeat(10_000)}${"]".repeat(10_000)}`);
    expect(e.message).toBe(`nesting is too deep; allowed: at most ${MAX_DEPTH} levels of mappings and lists`);
    expect(e.line).toBe(1);
  });

  it("a block list nested 10,000 deep is refused", () => {
    expect(onlyError(`${"- ".repeat(10_000)}x\n`).message).toContain("nesting is too deep");
  });

  it("a 2 MB file of open brackets is refused", () => {
    expect(onlyError("[".repeat(2 * 1024 * 1024 - 1)).message).toContain("nesting is too deep");
  });

  it("nesting at the limit is read, one level more is refused", () => {
    const at = (depth: number) => `x: ${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}\n`;
    expect(errorsOf(at(MAX_DEPTH)).every((e) => !e.message.includes("nesting"))).toBe(true);
    expect(onlyError(at(MAX_DEPTH + 1)).message).toContain("nesting is too deep");
  });

  it("a duplicate key is an error at the second key", () => {
    const text = SMALL_BOOK.replace("pd: 0.02", "pd: 0.02\n    pd: 0.03");
    const e = onlyError(text);
    expectAt(e, "segments[0].pd", text, "pd: 0.03");
    expect(e.message).toBe("duplicate key; allowed: each key once in a mapping");
  });

  it("a duplicate key in JSON is an error too", () => {
    const text = '{"creditlab": 1, "creditlab": 1, "segments": [{"name": "a", "accounts": 1, "pd": 0.1}]}';
    expectAt(onlyError(text), "creditlab", text, '"creditlab"', ", ");
  });

  it("an alias inside the list it names is refused", () => {
    const text = "creditlab: 1\nloop: &x [1, *x]\n";
    const e = onlyError(text);
    expectAt(e, "loop[1]", text, "*x");
    expect(e.message).toContain("refers to a mapping or list that contains it");
  });

  it("a key that is a mapping is refused", () => {
    const text = `${SMALL_BOOK}? { a: 1 }\n: 2\n`;
    const e = onlyError(text);
    expect(e.line).toBe(positionOf(text, "? {").line);
    expect(e.message).toContain("allowed: a plain name");
  });

  it("a key named __proto__ is an unknown key, not a prototype", () => {
    const text = `${SMALL_BOOK}__proto__: { polluted: 1 }\n`;
    expectAt(onlyError(text), "__proto__", text, "__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an alias of no anchor is an error at the alias", () => {
    const text = `${SMALL_BOOK}    lgd: *nothing\n`;
    const e = onlyError(text);
    expectAt(e, "segments[0].lgd", text, "*nothing");
    expect(e.message).toBe("alias *nothing names no anchor; allowed: an alias of an anchor &nothing written before it");
  });
});
