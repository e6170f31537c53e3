import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyOverrides, parseScenario } from "../../src/scenario/parse.ts";
import { errorsOf, expectAt, onlyError, parsed, positionOf, SMALL_BOOK } from "./helpers.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("valid files", () => {
  it("INTERFACE.md's example, with every key, parses with its variants", () => {
    const { scenario, variants } = parsed(fixture("interface.yaml"));
    expect(variants.map((v) => v.name)).toEqual(["base", "tight approval", "no forbearance"]);
    expect(variants[0].scenario).toBe(scenario);
    expect(scenario.segments.map((g) => g.name)).toEqual(["salaried", "gig workers"]);
    expect(scenario.macro.factors.gig).toEqual({ persistence: 0.8, correlation: { economy: 0.6 } });
    expect(variants[1].scenario.policy.approval).toEqual({ minScore: 640 });
    expect(variants[1].scenario.policy.forbearance).toEqual(scenario.policy.forbearance);
    expect(variants[2].scenario.policy.forbearance).toBeUndefined();
    expect(variants[2].scenario.policy.approval).toEqual({ minScore: 600 });
  });

  it("fills INTERFACE.md's defaults into a minimal file", () => {
    const { scenario } = parsed("creditlab: 1\nsegments: [{ name: a, accounts: 10, pd: 0.01 }]\n");
    expect(scenario.simulation).toEqual({ paths: 1000, horizonMonths: 24, periodMonths: 1, seed: 1, redrawBook: false, balanceSheet: "runoff" });
    expect(scenario.macro.factors).toEqual({ economy: { persistence: 0.9, correlation: {} } });
    const g = scenario.segments[0];
    expect([g.product, g.correlation, g.loadings, g.utilization, g.ccf, g.termMonths]).toEqual(["revolving", 0.04, { economy: 1 }, 0.5, 0.5, 12]);
    expect(g.delinquency).toEqual({ roll: [0.4, 0.6], stay: [0, 0] });
    expect(g.start).toBe("steady");
    expect(g.lgd).toEqual({ mean: 0.85, sd: 0.1, macro: 0 });
    expect(scenario.policy).toEqual({ fundingRate: 0 });
  });

  it("reads JSON, with positions in the JSON text", () => {
    const json = JSON.stringify({ creditlab: 1, segments: [{ name: "a", accounts: 10, pd: 0.01 }] }, null, 2);
    expect(parsed(json).scenario.segments[0].pd).toBe(0.01);
    const bad = json.replace('"pd": 0.01', '"pd": 2');
    expectAt(onlyError(bad), "segments[0].pd", bad, "2", '"pd"');
  });

  it("product-specific keys are allowed on either product", () => {
    const text = `${SMALL_BOOK}    product: instalment\n    limit: { median: 5000 }\n    utilization: 0.3\n`;
    expect(parsed(text).scenario.segments[0].limit).toEqual({ median: 5000, sigma: 0 });
  });
});

describe("errors of single keys", () => {
  it("a number out of range says the range", () => {
    const text = SMALL_BOOK.replace("pd: 0.02", "pd: 1.5");
    const e = onlyError(text);
    expectAt(e, "segments[0].pd", text, "1.5");
    expect(e.message).toBe("1.5 is out of range; allowed: a number greater than 0 and less than 1");
    expect([e.from, e.to]).toEqual([text.indexOf("1.5"), text.indexOf("1.5") + 3]);
  });

  it("an unknown key points at the key, lists the keys and suggests the nearest", () => {
    const text = `${SMALL_BOOK}    prodcut: revolving\n`;
    const e = onlyError(text);
    expectAt(e, "segments[0].prodcut", text, "prodcut");
    expect(e.message).toMatch(/^unknown key; allowed: name, accounts, tape, product, pd, missRate, score, .*originations; did you mean `product`\?$/);
  });

  it("an unknown key with nothing near gets no suggestion", () => {
    const text = `${SMALL_BOOK}    colour: red\n`;
    const e = onlyError(text);
    expectAt(e, "segments[0].colour", text, "colour");
    expect(e.message).not.toContain("did you mean");
  });

  it("a value outside a union of literals lists the literals", () => {
    const text = SMALL_BOOK.replace("paths: 100", "paths: 100\n  periodMonths: 2");
    const e = onlyError(text);
    expectAt(e, "simulation.periodMonths", text, "2", "periodMonths");
    expect(e.message).toBe("2 is not allowed; allowed: 1, 3, 6 or 12");
  });

  it("a wrong type says what was expected and what was given", () => {
    const text = SMALL_BOOK.replace("horizonMonths: 12", "horizonMonths: abc");
    const e = onlyError(text);
    expectAt(e, "simulation.horizonMonths", text, "abc");
    expect(e.message).toBe('expected a whole number, got the string "abc"; allowed: a whole number from 1 to 600');
  });

  it("a missing required key points at the parent mapping", () => {
    const text = SMALL_BOOK.replace("    accounts: 1000\n", "");
    const e = onlyError(text);
    expectAt(e, "segments[0].accounts", text, "name: cards");
    expect(e.message).toBe("required key is missing; allowed: accounts, or a tape whose rows are the accounts");
  });

  it("an enum value lists the options", () => {
    const text = `${SMALL_BOOK}    product: credit\n`;
    const e = onlyError(text);
    expectAt(e, "segments[0].product", text, "credit", "product:");
    expect(e.message).toBe('the string "credit" is not allowed; allowed: revolving or instalment');
  });

  it("a bad name says what a name is", () => {
    const text = SMALL_BOOK.replace("name: cards", 'name: "cards, unsecured"');
    const e = onlyError(text);
    expectAt(e, "segments[0].name", text, '"cards');
    expect(e.message).toBe('the string "cards, unsecured" is not allowed; allowed: a name of letters, digits, spaces, _ . or -, at most 64 characters');
  });

  it.each(["2023 cohort", "Kredytówki", "信用卡"])("a name of any script, or one that starts with a digit, is a name: %s", (name) => {
    const parsed = parseScenario(SMALL_BOOK.replace("name: cards", `name: ${name}`), "test.yaml");
    expect(parsed.ok && parsed.value.scenario.segments[0].name).toBe(name);
  });

  it("an empty segment list and a too long roll list say the allowed counts", () => {
    const empty = "creditlab: 1\nsegments: []\n";
    expect(onlyError(empty).message).toBe("the list is empty; allowed: a list of 1 to 64 items");
    const long = `${SMALL_BOOK}    delinquency: { roll: [${Array(13).fill(0.1).join(", ")}] }\n`;
    const e = onlyError(long);
    expectAt(e, "segments[0].delinquency.roll", long, "[0.1");
    expect(e.message).toBe("13 items are too many; allowed: a list of at most 12 items");
  });

  it("a list index inside a key path is written with brackets", () => {
    const text = `${SMALL_BOOK}    delinquency:\n      roll: [0.3, 1.2]\n`;
    const e = onlyError(text);
    expectAt(e, "segments[0].delinquency.roll[1]", text, "1.2");
    expect(e.message).toBe("1.2 is out of range; allowed: a number from 0 to 1");
  });

  it("a seed string too long is reported as too long, not as a wrong type", () => {
    const text = SMALL_BOOK.replace("paths: 100", `paths: 100\n  seed: ${"x".repeat(300)}`);
    expect(onlyError(text).message).toBe("300 characters are too many; allowed: a string of at most 256 characters");
  });

  it("a wrong format version and an empty value", () => {
    const text = SMALL_BOOK.replace("creditlab: 1", "creditlab: 3").replace("pd: 0.02", "pd:");
    const [version, pd] = errorsOf(text);
    expectAt(version, "creditlab", text, "3");
    expect(version.message).toBe("3 is not allowed; allowed: 2 or 1");
    expect(pd.path).toBe("segments[0].pd");
    expect(pd.line).toBe(positionOf(text, "pd:").line);
    expect(pd.message).toBe("expected a number, got an empty value; allowed: a number greater than 0 and less than 1");
  });
});

describe("many errors and whole-file errors", () => {
  it("reports every error, sorted by position, each once", () => {
    const text = `creditlab: 1
segments:
  - name: b
    accounts: -1
    pd: 0
  - name: a
    acounts: 5
    pd: 0.1
simulation: { paths: 0 }
`;
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual([
      "segments[0].accounts",
      "segments[0].pd",
      "segments[1].accounts",
      "segments[1].acounts",
      "simulation.paths",
    ]);
    expectAt(errors[2], "segments[1].accounts", text, "name: a");
    expect(errors[2].message).toContain("required key is missing");
    expect(errors[3].message).toContain("did you mean `accounts`?");
    const offsets = errors.map((e) => e.from);
    expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
  });

  it("an empty file and a file that is not a mapping", () => {
    const empty = onlyError("");
    expect([empty.line, empty.column, empty.path]).toEqual([1, 1, ""]);
    expect(empty.message).toContain("the file is empty");
    const list = onlyError("- 1\n- 2\n");
    expect(list.message).toBe("expected a mapping, got a list; allowed: a mapping with keys creditlab, name, description, simulation, macro, segments, policy, tranches, variants, provisioning, sensitivity, securitization");
  });

  it("YAML syntax errors keep their position", () => {
    const text = `${SMALL_BOOK}    lgd: { mean: 0.5\n`;
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(/^YAML syntax: /);
    expect(errors[0].line).toBeGreaterThanOrEqual(positionOf(text, "lgd:").line);
  });

  it("an unclosed quote is a syntax error on its line", () => {
    const text = SMALL_BOOK.replace("name: cards", 'name: "cards');
    const e = errorsOf(text)[0];
    expect(e.message).toMatch(/^YAML syntax: /);
    expect(e.line).toBeGreaterThanOrEqual(positionOf(text, '"cards').line);
  });

  it("a second document is an error at its start", () => {
    const text = `${SMALL_BOOK}---\ncreditlab: 1\n`;
    const e = onlyError(text);
    expect(e.line).toBe(positionOf(text, "---").line);
    expect(e.message).toContain("one document per file");
  });

  it("a file of thousands of errors reports the first hundred and counts the rest", () => {
    const text = `creditlab: 1\nsegments:\n${Array.from({ length: 300 }, (_, i) => `  - { name: s${i}, accounts: 1, pd: 2 }`).slice(0, 64).join("\n")}\n${Array.from({ length: 200 }, (_, i) => `k${i}: 1`).join("\n")}\n`;
    const errors = errorsOf(text);
    expect(errors).toHaveLength(101);
    expect(errors[100].message).toBe("164 more errors not shown; allowed: fix the errors above first");
  });
});

describe("applyOverrides", () => {
  it("sets paths and seed on the base and every variant, and nothing else", () => {
    const base = parsed(fixture("interface.yaml"));
    const out = applyOverrides(base, { paths: 50, seed: "x" });
    for (const v of out.variants) expect(v.scenario.simulation).toEqual({ paths: 50, horizonMonths: 24, periodMonths: 1, seed: "x", redrawBook: false, balanceSheet: "runoff" });
    expect(out.variants[0].scenario).toBe(out.scenario);
    expect(base.scenario.simulation.paths).toBe(2000);
    expect(applyOverrides(base, {}).scenario.simulation).toEqual(base.scenario.simulation);
    expect(applyOverrides(base, { seed: 7 }).variants[2].scenario.simulation).toEqual({ ...base.scenario.simulation, seed: 7 });
  });
});

describe("file names", () => {
  it("every error carries the file name given", () => {
    const result = parseScenario("creditlab: 3\n", "books/card.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(new Set(result.error.map((e) => e.file))).toEqual(new Set(["books/card.yaml"]));
  });
});

describe("format versions", () => {
  it("a version 1 file is read with one note at its creditlab key, and pd keeps its version 1 meaning", () => {
    const parsed = parseScenario(SMALL_BOOK, "v1.yaml");
    if (!parsed.ok) throw new Error("SMALL_BOOK should be valid");
    expect(parsed.value.notes).toHaveLength(1);
    const note = parsed.value.notes[0];
    expect({ path: note.path, line: note.line }).toEqual({ path: "creditlab", line: positionOf(SMALL_BOOK, "creditlab").line });
    expect(note.message).toMatch(/pd .*read as missRate.*; allowed: .*creditlab: 2/);
  });

  it("a version 2 file has no note, and pd with missRate together is an error", () => {
    const v2 = SMALL_BOOK.replace("creditlab: 1", "creditlab: 2");
    const parsed = parseScenario(v2, "v2.yaml");
    expect(parsed.ok && parsed.value.notes).toEqual([]);
    const both = v2.replace("pd: 0.02", "pd: 0.02\n    missRate: 0.03");
    expect(onlyError(both).message).toBe("pd and missRate are both given; allowed: exactly one of pd, missRate, or score with a scorecard");
  });
});
