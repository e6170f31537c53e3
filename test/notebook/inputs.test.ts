import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { formatInput, inputValue, readInput, setKeyText, splitInputs, type InputSpec } from "../../src/notebook/inputs.ts";
import { fenceLabel, findInlines } from "../../src/notebook/liveValues.ts";
import { parseNotebook, serializeNotebook } from "../../src/notebook/notebookFile.ts";
import { parseSetting, setKeys } from "../../src/scenario/setKeys.ts";

const SCENARIO = `creditlab: 2
name: Small book   # a comment that stays
simulation: { paths: 200, horizonMonths: 12, seed: 42 }
segments:
  - name: prime
    accounts: 2000
    pd: 0.03            # annual
    correlation: 0.04
    lgd: { mean: 0.8 }
    product: revolving
  - name: near-prime
    accounts: 1000
    pd: 4e-2
    lgd: { mean: 0.85 }
`;

const message = (body: string) => {
  const r = readInput(body);
  return typeof r === "string" ? r : "";
};

describe("reading input declarations", () => {
  it("reads a slider, a number field and a choice, with their defaults", () => {
    expect(readInput(' cell:book key:segments.prime.pd slider:0.01..0.08 step:0.005 label:"Prime PD" ')).toEqual({
      cell: "book",
      key: "segments.prime.pd",
      label: "Prime PD",
      control: { kind: "slider", low: 0.01, high: 0.08, step: 0.005 },
    });
    // No step: a hundredth of the range; no label: the key.
    expect(readInput("cell:book key:segments[0].correlation number:0..0.3")).toEqual({
      cell: "book",
      key: "segments[0].correlation",
      label: "segments[0].correlation",
      control: { kind: "number", low: 0, high: 0.3, step: 0.003 },
    });
    expect(readInput("cell:book key:segments[0].product choice:revolving|installment|true|12")).toMatchObject({
      control: { kind: "choice", options: ["revolving", "installment", true, 12] },
    });
  });

  it("names what is wrong and what is allowed", () => {
    expect(message("key:segments[0].pd slider:0..1")).toMatch(/cell:LABEL is missing/);
    expect(message("cell:a slider:0..1")).toMatch(/key:PATH is missing.*segments\[0\]\.pd/);
    expect(message("cell:a key:x")).toMatch(/no control is named; allowed: one of slider:LOW\.\.HIGH, number:LOW\.\.HIGH, choice:A\|B\|C/);
    expect(message("cell:a key:x slider:0..1 number:0..1")).toMatch(/slider and number are both given/);
    expect(message("cell:a key:x slider:0.08..0.01")).toMatch(/low end must be below the high end; allowed: LOW\.\.HIGH with LOW < HIGH/);
    expect(message("cell:a key:x slider:0.05..0.05")).toMatch(/low end must be below/);
    expect(message("cell:a key:x slider:low..high")).toMatch(/is not a range; allowed: LOW\.\.HIGH/);
    expect(message('cell:a key:x choice:""')).toMatch(/empty choice; allowed: values separated by \|/);
    expect(message("cell:a key:x choice:0.1||0.2")).toMatch(/empty choice/);
    expect(message("cell:a key:x slider:0..1 step:0")).toMatch(/step:0 is not a step of 0\.\.1; allowed: a number above 0 and at most 1/);
    expect(message("cell:a key:x slider:0..1 step:2")).toMatch(/at most 1/);
    expect(message("cell:a key:x choice:1|2 step:1")).toMatch(/step: goes with slider and number only/);
    expect(message("cell:a key:x slider:0..1 colour:red")).toMatch(/key "colour" is not known; allowed: cell, key, slider/);
  });

  it("reads back what it writes, for any declaration (round trip)", () => {
    const word = fc.stringMatching(/^[A-Za-z][\w-]{0,8}$/);
    const key = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join("."));
    const label = fc.stringMatching(/^[A-Za-z][\w ]{0,12}[A-Za-z]$/);
    const num = fc.integer({ min: -10_000, max: 10_000 }).map((n) => n / 1000);
    const range = fc.tuple(num, num, fc.integer({ min: 1, max: 100 })).filter(([a, b]) => a !== b).map(([a, b, k]) => {
      const [low, high] = a < b ? [a, b] : [b, a];
      return { low, high, step: Number(((high - low) / k).toPrecision(6)) };
    }).filter((r) => r.step > 0 && r.step <= r.high - r.low);
    const control = fc.oneof(
      fc.tuple(fc.constantFrom("slider" as const, "number" as const), range).map(([kind, r]) => ({ kind, ...r })),
      // A choice lists each value once.
      fc.uniqueArray(fc.oneof(num, word.filter((w) => !/^(true|false)$/.test(w)), fc.boolean()), { minLength: 1, maxLength: 5, selector: String }).map((options) => ({ kind: "choice" as const, options })),
    );
    fc.assert(
      fc.property(word, key, label, control, (cell, k, l, c) => {
        const spec: InputSpec = { cell, key: k, label: l, control: c };
        const line = formatInput(spec);
        expect(readInput(line.replace(/^\{\{input/, "").replace(/\}\}$/, ""))).toEqual(spec);
        const pieces = splitInputs(`Some prose.\n\n${line}\n\nMore.`);
        expect(pieces.map((p) => p.kind)).toEqual(["text", "input", "text"]);
      }),
    );
  });
});

describe("inputs in a text cell", () => {
  it("cuts a text at its input lines, leaving those in code alone and marking one inside a sentence", () => {
    const text = [
      "Intro with {{ cell:a metric:netLoss }}.",
      "{{input cell:a key:segments[0].pd slider:0.01..0.08}}",
      "  {{input cell:a key:segments[0].correlation slider:0..1}}  ",
      "Between. {{input cell:a key:x slider:0..1}} inline",
      "```",
      "{{input cell:a key:in.code slider:0..1}}",
      "```",
      "`{{input cell:a key:span slider:0..1}}`",
      "{{input cell:a key:bad slider:2..1}}",
    ].join("\n");
    const pieces = splitInputs(text);
    expect(pieces.map((p) => p.kind)).toEqual(["text", "input", "input", "text", "invalid"]);
    expect(pieces[1]).toMatchObject({ spec: { key: "segments[0].pd" } });
    expect(pieces[2]).toMatchObject({ source: "{{input cell:a key:segments[0].correlation slider:0..1}}" });
    expect(pieces[4]).toMatchObject({ message: expect.stringMatching(/low end must be below/) });
    // The one inside a sentence is marked by the live-value reader, saying where an input goes.
    const inline = findInlines((pieces[3] as { text: string }).text).map((f) => f.inline);
    expect(inline).toEqual([{ kind: "invalid", message: expect.stringMatching(/stands on a line of its own/) }]);
    // The prose around the inputs is kept as written.
    const lines = text.split("\n");
    expect(pieces[0]).toEqual({ kind: "text", text: `${lines[0]}\n` });
    expect(pieces[3]).toEqual({ kind: "text", text: `\n${lines.slice(3, 8).join("\n")}\n` });
  });

  it("is kept as plain Markdown by the notebook file, byte for byte", () => {
    const md = `# Inputs\n\nMove it:\n\n{{input cell:book key:segments.prime.pd slider:0.01..0.08 step:0.005 label:"PD"}}\n\n\`\`\`scenario book\n${SCENARIO}\`\`\`\n`;
    const nb = parseNotebook(md);
    expect(nb.cells.some((c) => c.kind === "markdown" && c.text.includes("{{input cell:book key:segments.prime.pd"))).toBe(true);
    expect(serializeNotebook(nb)).toBe(md);
  });
});

describe("binding an input to its scenario", () => {
  // From 0.01: a pd must be above 0, and a slider from 0 would reach a value the scenario refuses.
  const slider = (key: string, low = 0.01, high = 0.1): InputSpec => ({ cell: "book", key, label: key, control: { kind: "slider", low, high, step: 0.005 } });

  it("reads the key's value, by name or by index", () => {
    expect(inputValue(slider("segments.prime.pd"), SCENARIO)).toEqual({ ok: true, value: 0.03 });
    expect(inputValue(slider("segments[1].pd"), SCENARIO)).toEqual({ ok: true, value: 0.04 });
    expect(inputValue({ ...slider("segments[0].product"), control: { kind: "choice", options: ["revolving", "installment"] } }, SCENARIO)).toEqual({ ok: true, value: "revolving" });
  });

  it("names an unknown key, a key that is not a number and a value outside the range, with what is allowed", () => {
    const error = (spec: InputSpec) => {
      const r = inputValue(spec, SCENARIO);
      return r.ok ? "" : r.error;
    };
    expect(error(slider("segments.subprime.pd"))).toMatch(/no item named "subprime"; allowed: prime, near-prime/);
    expect(error(slider("segments[0].attrition"))).toMatch(/segments\[0\]\.attrition is not in the scenario; allowed: a key the scenario sets/);
    expect(error(slider("segments[0].lgd"))).toMatch(/segments\[0\]\.lgd is a mapping, not a number; allowed: a key holding a number/);
    expect(error(slider("name"))).toMatch(/name is the text "Small book", not a number/);
    expect(error(slider("segments.prime.pd", 0.05, 0.1))).toMatch(/is 0\.03 in the scenario, outside slider:0\.05\.\.0\.1; allowed: a range that holds it/);
    expect(error({ ...slider("segments[0].pd"), control: { kind: "choice", options: [0.01, 0.02] } })).toMatch(/not one of the choices 0\.01, 0\.02/);
    expect(inputValue(slider("x"), "a: [").ok).toBe(false);
  });

  it("rewrites only the value, and reads as --set KEY=VALUE does", () => {
    const r = setKeyText(SCENARIO, "segments.prime.pd", 0.045);
    expect(r).toEqual({ ok: true, value: SCENARIO.replace("pd: 0.03", "pd: 0.045") });
    const flow = setKeyText(SCENARIO, "simulation.seed", 7);
    expect(flow.ok && flow.value).toBe(SCENARIO.replace("seed: 42", "seed: 7"));
    const word = setKeyText(SCENARIO, "segments[0].product", "installment");
    expect(word.ok && word.value).toBe(SCENARIO.replace("product: revolving", "product: installment"));
    expect(setKeyText(SCENARIO, "segments.x.pd", 0.1)).toEqual({ ok: false, error: expect.stringMatching(/no item named "x"/) });
  });

  it("gives the scenario --set gives, for any key and value (property)", () => {
    const keys = ["segments.prime.pd", "segments[1].pd", "segments.near-prime.lgd.mean", "simulation.seed", "segments[0].correlation", "name", "segments[0].product"];
    const value = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }).map((n) => n / 997),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.stringMatching(/^[A-Za-z][\w .-]{0,10}$/),
      fc.constantFrom("true", "no", "null", "0.5", " spaced ", 'quo"te'),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.constantFrom(...keys), value, (key, v) => {
        const mine = setKeyText(SCENARIO, key, v);
        const setting = parseSetting(`${key}=${JSON.stringify(v)}`);
        expect(setting.ok).toBe(true);
        const theirs = setKeys(SCENARIO, "s.yaml", [setting.ok ? setting.value : { raw: "", key, value: v }]);
        expect(mine.ok && theirs.ok).toBe(true);
        if (mine.ok && theirs.ok) expect(parseYaml(mine.value)).toEqual(parseYaml(theirs.value.text));
      }),
    );
  });
});

describe("the shipped notebooks' inputs", () => {
  const dir = new URL("../../scenarios/", import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith(".md"));

  it("bind to a labelled cell, at the value the file sets, and are not read as live values", () => {
    const bound: string[] = [];
    for (const file of files) {
      const nb = parseNotebook(readFileSync(new URL(file, dir), "utf8"));
      const cells = new Map(nb.cells.flatMap((c) => (c.kind === "scenario" && fenceLabel(c.open) ? [[fenceLabel(c.open)!, c.code] as const] : [])));
      for (const cell of nb.cells) {
        if (cell.kind !== "markdown") continue;
        expect(findInlines(cell.text).filter((f) => f.inline.kind === "invalid")).toEqual([]);
        for (const piece of splitInputs(cell.text)) {
          if (piece.kind === "text") continue;
          expect(piece.kind === "input" ? "" : `${file}: ${piece.source}: ${piece.message}`).toBe("");
          if (piece.kind !== "input") continue;
          const code = cells.get(piece.spec.cell);
          expect(code, `${file}: ${piece.source}`).toBeDefined();
          const value = inputValue(piece.spec, code!);
          expect(value.ok ? "" : `${file}: ${piece.source}: ${value.error}`).toBe("");
          // The value sits on the control's grid, so the first step moves by one step.
          const c = piece.spec.control;
          if (value.ok && c.kind !== "choice") expect(Math.abs(((value.value as number) - c.low) / c.step - Math.round(((value.value as number) - c.low) / c.step))).toBeLessThan(1e-9);
          bound.push(`${file} ${piece.spec.key}`);
        }
      }
    }
    for (const file of ["welcome.md", "correlation.md", "vasicek-one-period.md"]) expect(bound.some((b) => b.startsWith(`${file} `)), file).toBe(true);
  });
});
