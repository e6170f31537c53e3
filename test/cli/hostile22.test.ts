/**
 * Bad input to the reverse stress test, the sensitivity, parameter uncertainty and notebook
 * inputs: each is refused with exit status 2, no stack trace, nothing on stdout, and one
 * message that names the key (or flag) and what is allowed; a message placed in a file
 * gives FILE:LINE:COL. Every kind of refusal is met once by the built command line; the
 * tables of flags and keys are read in this process, by the parser the command line calls
 * (parseCommand) and by the search itself (reverseOnKey) with runs that fail the test if
 * one is asked for: a key or a bracket is refused before any run. The books are small (200
 * accounts, 20 paths); four cases run the search.
 */
import { mkdtempSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommand } from "../../src/cli/args.ts";
import type { KeyValues } from "../../src/run/keyRuns.ts";
import { reverseOnKey } from "../../src/run/reverse.ts";
import { splitOf } from "../../src/run/uncertainty.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { ok } from "../../src/util/result.ts";
import { cli } from "./runCli.ts";

const BOOK = `creditlab: 2
name: small
simulation: { paths: 20, horizonMonths: 12, periodMonths: 12, seed: 7 }
segments:
  - name: cards
    accounts: 200
    start: current
    pd: 0.03
    correlation: 0.1
    limit: { median: 1000, sigma: 0 }
    utilization: 1
    delinquency: { roll: [] }
    lgd: { mean: 0.5, sd: 0.1 }
`;

const CELL = (label: string) => `\`\`\`scenario ${label}\n${BOOK}\`\`\`\n`;

/** A notebook whose every input line is wrong in one way; `line` is each input's 1-based line. */
const INPUTS = [
  ["{{input cell:book key:segments[0].pd slider:0.05..0.01}}", 1, "{{input}}", /slider:0\.05\.\.0\.01: the low end must be below the high end; allowed: LOW\.\.HIGH with LOW < HIGH/],
  ["{{input cell:book key:segments[0].pd slider:0..0.1}}", 38, "{{input segments[0].pd}}", /slider:0\.\.0\.1 reaches 0, which segments\[0\]\.pd does not take; allowed: LOW and HIGH each a number greater than 0 and less than 1/],
  ["{{input cell:book key:segments[0].pd slider:0.01..0.1 step:0}}", 1, "{{input}}", /step:0 is not a step of 0\.01\.\.0\.1; allowed: a number above 0 and at most 0\.09/],
  ["{{input cell:book key:segments[0].pd slider:0.01..0.1 step:-0.01}}", 1, "{{input}}", /step:-0\.01 is not a step/],
  ["{{input cell:book key:segments[0].pd slider:0.04..0.1}}", 38, "{{input segments[0].pd}}", /segments\[0\]\.pd is 0\.03 in the scenario, outside slider:0\.04\.\.0\.1; allowed: a range that holds it/],
  ["{{input cell:book key:segments[0].nope slider:0.01..0.1}}", 19, "{{input segments[0].nope}}", /segments\[0\]\.nope is not in the scenario; allowed: a key the scenario sets/],
  ["{{input cell:book key:segments[0].name slider:0.01..0.1}}", 19, "{{input segments[0].name}}", /segments\[0\]\.name is the text "cards", not a number; allowed: a key holding a number/],
  ["{{input cell:nope key:segments[0].pd slider:0.01..0.1}}", 9, "{{input segments[0].pd}}", /no scenario cell is labelled "nope"; allowed: book, twice/],
  ["{{input cell:book key:segments[0].pd slider:0.01..1e400}}", 1, "{{input}}", /slider:0\.01\.\.1e400 has an end too large to be a number; allowed: LOW\.\.HIGH, two finite numbers/],
  ["{{input cell:book key:segments[0].pd slider:0.01..0.1 slider:0.02..0.1}}", 1, "{{input}}", /key "slider" is given twice; allowed: each key once/],
  ["{{input cell:book key:segments[0].pd choice:0.03|0.03}}", 1, "{{input}}", /lists 0\.03 twice; allowed: each value once/],
  ["{{input cell:book key:segments[0].pd choice:0.03|high}}", 38, "{{input segments[0].pd}}", /choice high: segments\[0\]\.pd takes a number greater than 0 and less than 1; allowed: choices the key takes/],
  ["{{input cell:book key:simulation.horizonMonths slider:6..24 step:0.5}}", 61, "{{input simulation.horizonMonths}}", /step:0\.5: simulation\.horizonMonths takes a whole number from 1 to 600; allowed: a whole step/],
  ["{{input cell:book key:segments[0].pd}}", 1, "{{input}}", /no control is named; allowed: one of slider:LOW\.\.HIGH/],
  ["{{input cell:twice key:segments[0].pd slider:0.01..0.1}}", 9, "{{input segments[0].pd}}", /2 scenario cells are labelled "twice"; allowed: a label one cell has/],
] as const;
const NOTEBOOK = `# Inputs\n\n${INPUTS.map((i) => i[0]).join("\n")}\n\n${CELL("book")}\n${CELL("twice")}\n${CELL("twice")}`;
const FIRST_INPUT_LINE = 3;

// Made when the file is read: the tables below name files in it.
const dir = mkdtempSync(join(tmpdir(), "creditlab-hostile-"));
const at = (name: string) => join(dir, name);
beforeAll(async () => {
  await writeFile(at("book.yaml"), BOOK);
  await writeFile(at("inputs.md"), NOTEBOOK);
  await writeFile(at("variant.yaml"), `${BOOK}variants:\n  - name: stressed\n    segments: { cards: { pd: 0.08 } }\n`);
  await writeFile(at("two.md"), `# Two cells\n\n${CELL("a")}\n${CELL("b")}`);
  // A history whose defaults lose all or nothing (28 of 30 lose everything): the sample sd of
  // loss/ead, with its n − 1 divisor, lies past the Beta's bound √(μ(1 − μ)).
  const rows = ["account,month,segment,state,balance,limit,ead,loss"];
  for (let a = 1; a <= 400; a++) {
    const defaultsAt = a <= 30 ? 5 + (a % 10) : 0;
    for (let m = 1; m <= 16; m++) {
      if (defaultsAt > 0 && m === defaultsAt) {
        rows.push(`${a},${m},cards,F,1000,2000,1000,${a <= 28 ? 1000 : 0}`);
        break;
      }
      const behind = defaultsAt - m;
      rows.push(`${a},${m},cards,${defaultsAt > 0 && behind <= 3 ? `D${4 - behind}` : "C"},1000,2000,,`);
    }
  }
  await writeFile(at("all-or-nothing.csv"), rows.join("\n") + "\n");
  const withSensitivity = (body: string) => `${BOOK}sensitivity:\n${body}\n`;
  await writeFile(
    at("sens-keys.yaml"),
    withSensitivity(
      ["  keys:", "    - { key: 'segments[0].pd', low: 0.02, high: 0.05 }", "    - { key: segments.cards.pd, low: 0.01, high: 1.5 }", "    - { key: simulation.horizonMonths, low: 6.5, high: 12 }"].join("\n"),
    ),
  );
  await writeFile(at("sens-metric.yaml"), withSensitivity("  keys:\n    - { key: 'segments[0].pd', low: 0.02, high: 0.05 }\n  metrics: [cureRate]"));
  await writeFile(at("sens-flow.yaml"), withSensitivity("  keys:\n    - { key: segments[0].pd, low: 0.02, high: 0.05 }"));
  // One segment for each kind of bad uncertainty, so that one check reads them all.
  const segment = (name: string, uncertainty: string, correlation = 0.1) =>
    `  - { name: ${name}, accounts: 10, start: current, pd: 0.03, correlation: ${correlation}, limit: { median: 1000, sigma: 0 }, utilization: 1, lgd: { mean: 0.5, sd: 0.1 }, uncertainty: ${uncertainty} }`;
  const book = (segments: string[]) => ["creditlab: 2", "name: uncertain", "simulation: { paths: 20, horizonMonths: 12, periodMonths: 12, seed: 7 }", "segments:", ...segments, ""].join("\n");
  // The schema's refusals, then (on a scenario the schema takes) the rules'.
  await writeFile(at("uncertainty-schema.yaml"), book([segment("zero", "{ pd: { ci95: [0, 0.05] } }"), segment("one", "{ pd: { ci95: [0.01, 1] } }"), segment("sd", "{ pd: { sd: -0.1 } }")]));
  await writeFile(
    at("uncertainty-rules.yaml"),
    book([
      segment("reversed", "{ pd: { ci95: [0.05, 0.01] } }"),
      segment("outside", "{ pd: { ci95: [0.04, 0.06] } }"),
      segment("both", "{ pd: { ci95: [0.01, 0.05], sd: 0.2 } }"),
      segment("flat", "{ correlation: { sd: 0.3 } }", 0),
    ]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A refusal as a user should see it: exit 2, one message on stderr and nothing on stdout, no trace of the program's insides. */
function expectRefused(r: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(/^\s+at .+[(\s].*:\d+:\d+\)?$/m);
  expect(r.stderr).not.toMatch(/\b(?:Type|Range|Reference|Syntax)?Error:|\bundefined\b|\[object Object\]/);
}

const reverse = (...args: string[]) => ["reverse", at("book.yaml"), "--metric", "defaultRate", "--workers", "1", ...args];

describe("creditlab reverse's flags", () => {
  it.each([
    ["a metric that is none", ["reverse", "b.yaml", "--vary", "segments[0].pd", "--metric", "cureRate", "--reach", "0.1"], /^--metric "cureRate" is not a book metric; allowed: accounts, /],
    ["--quantile 0", ["--reach", "0.1", "--quantile", "0"], /^--quantile must lie strictly between 0 and 1/],
    ["--quantile 1", ["--reach", "0.1", "--quantile", "1"], /^--quantile must lie strictly between 0 and 1/],
    ["--quantile abc", ["--reach", "0.1", "--quantile", "abc"], /^--quantile must be a number, got "abc"/],
    ["--quantile in hex", ["--reach", "0.1", "--quantile", "0x1"], /^--quantile must be a number, got "0x1"/],
    ["--reach NaN", ["--reach", "NaN"], /^--reach must be a number, got "NaN"/],
    ["--reach Infinity", ["--reach", "Infinity"], /^--reach must be a number, got "Infinity"/],
    ["--reach 1e400", ["--reach", "1e400"], /^--reach must be a finite number, got "1e400"; allowed: /],
    ["--reach empty", ["--reach", ""], /^--reach must be a number, got ""/],
    ["--reach in hex", ["--reach", "0x10"], /^--reach must be a number, got "0x10"/],
    ["--reach in binary", ["--reach", "0b1"], /^--reach must be a number, got "0b1"/],
    ["no --reach", [], /^reverse needs --reach: creditlab reverse FILE --vary KEY/],
    ["--between reversed", ["--reach", "0.1", "--between", "0.5,0.1"], /^--between must be LO,HI with LO < HI/],
    ["--between of one end", ["--reach", "0.1", "--between", "0.5"], /^--between must be LO,HI, two numbers/],
    ["--paths 0", ["--reach", "0.1", "--paths", "0"], /^--paths must be a whole number from 1 to /],
  ])("%s", (_, args, message) => {
    const argv = args[0] === "reverse" ? args : ["reverse", "b.yaml", "--vary", "segments[0].pd", "--metric", "defaultRate", ...args];
    const parsed = parseCommand(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe("the reverse search refuses a key, a bracket or a path count before any run", () => {
  const read = parseScenario(BOOK, "book.yaml");
  if (!read.ok) throw new Error("the book must be valid");
  const scenario: Scenario = read.value.scenario;
  const noRun: KeyValues = async () => {
    throw new Error("a run was asked for");
  };
  const ask = (vary: string, more: { between?: [number, number]; paths?: number; quantile?: number } = {}) =>
    reverseOnKey({
      values: noRun,
      vary,
      metric: "defaultRate",
      stat: more.quantile === undefined ? { kind: "mean" } : { kind: "quantile", level: more.quantile },
      reach: 0.1,
      between: more.between,
      text: BOOK,
      file: "book.yaml",
      scenario: more.paths === undefined ? scenario : { ...scenario, simulation: { ...scenario.simulation, paths: more.paths } },
    });
  it.each([
    ["an unknown key", "segments[0].nope", {}, /^segments\[0\]\.nope is not a key of segments\[0\]; allowed: .*\bpd\b.*\bcorrelation\b/],
    ["an unknown key with a bracket", "segments[0].nope", { between: [0.01, 0.5] }, /^segments\[0\]\.nope is not a key of segments\[0\]; allowed: /],
    ["a string key", "segments[0].name", {}, /^segments\[0\]\.name is "cards", not a number; allowed: a key whose value is a number/],
    ["a list", "segments", {}, /^segments is a list of 1 item, not a number; allowed: a key whose value is a number/],
    ["an empty list", "segments[0].delinquency.roll", {}, /^segments\[0\]\.delinquency\.roll is a list of 0 items, not a number/],
    ["a mapping", "segments[0].lgd", {}, /^segments\[0\]\.lgd is a mapping, not a number/],
    ["an index out of range", "segments[3].pd", {}, /^segments\[3\]\.pd is not in the scenario: segments has 1 item \(segments\[0\]\); allowed: an item the list has/],
    ["a name no item has", "segments.prime.pd", {}, /^segments has no item named "prime"; allowed: cards/],
    ["a negative index", "segments[-1].pd", {}, /^"segments\[-1\]\.pd" is not a key path; allowed: names joined by dots/],
    ["an empty key", "", {}, /^"" is not a key path; allowed: /],
    ["an inherited name", "constructor", {}, /^constructor is not a key of the scenario; allowed: creditlab, name, /],
    ["__proto__", "segments[0].__proto__", {}, /^segments\[0\]\.__proto__ is not a key of segments\[0\]; allowed: /],
    ["a whole number", "segments[0].accounts", {}, /^segments\[0\]\.accounts takes a whole number from 0 to 20,000,000; allowed: a key that takes any number in a range/],
    ["a month count", "simulation.horizonMonths", {}, /^simulation\.horizonMonths takes a whole number from 1 to 600; allowed: /],
    ["the seed", "simulation.seed", {}, /^simulation\.seed is what the runs share, not a key to vary; allowed: /],
    ["the path count", "simulation.paths", {}, /^simulation\.paths is what the runs share/],
    ["the sensitivity", "sensitivity.keys[0].low", {}, /^sensitivity\.keys\[0\]\.low is what the runs share/],
    ["a fixed number", "creditlab", {}, /^creditlab takes only 2 or 1; allowed: a key that takes a range of numbers/],
    ["a key the file leaves out, with no bracket", "segments[0].missRate", {}, /^segments\[0\]\.missRate is not in the scenario; give --between LO,HI to search it/],
    ["a bracket outside the key's range", "segments[0].pd", { between: [0, 0.5] }, /^--between 0,0\.5: 0 is not a value of segments\[0\]\.pd; allowed: a number greater than 0 and less than 1/],
    ["a bracket past an inclusive end", "segments[0].lgd.mean", { between: [0.5, 1.01] }, /^--between 0\.5,1\.01: 1\.01 is not a value of segments\[0\]\.lgd\.mean; allowed: a number from 0 to 1/],
    ["1 path", "segments[0].pd", { paths: 1 }, /^1 paths give the mean no 95% interval, and the search needs one; allowed: 20 paths or more \(--paths 20\)/],
    ["19 paths", "segments[0].pd", { paths: 19 }, /allowed: 20 paths or more/],
    ["a 99% quantile from 1,999 paths", "segments[0].pd", { paths: 1999, quantile: 0.99 }, /^1,999 paths give the 0\.99 quantile no 95% interval, and the search needs one; allowed: 2,000 paths or more/],
    ["a 1% quantile from 1,999 paths", "segments[0].pd", { paths: 1999, quantile: 0.01 }, /^1,999 paths give the 0\.01 quantile no 95% interval/],
  ] as const)("%s", async (_, vary, more, message) => {
    const r = await ask(vary, more as { between?: [number, number]; paths?: number; quantile?: number });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.failed).toBe(false);
    expect(r.error.message).toMatch(message);
  });

  it.each([undefined, 0.5, 0.9, 0.99, 0.01, 0.999])("the paths it asks for at quantile %s are the fewest with 20 beyond the level", async (q) => {
    const r = await ask("segments[0].pd", { paths: 1, quantile: q });
    const need = Number(/allowed: ([\d,]+) paths or more/.exec(r.ok ? "" : r.error.message)![1].replace(/,/g, ""));
    // Counted here from the order statistic Q = x_(⌈nα⌉): the fewer of n − ⌈nα⌉ paths above and ⌈nα⌉ − 1 below must be 20.
    const beyond = (n: number) => (q === undefined ? n : Math.min(n - Math.ceil(n * q - 1e-9), Math.ceil(n * q - 1e-9) - 1));
    expect(beyond(need)).toBeGreaterThanOrEqual(20);
    expect(beyond(need - 1)).toBeLessThan(20);
  });

  it("any finite level gives a value inside the key's range and inside its own interval, or says it cannot reach it (property)", async () => {
    // A default rate on 40 paths that rises with pd on each (pd^e, e from 0.5 to 1.5): from
    // 0 at pd → 0 to 1 at pd → 1, so a level strictly inside is reached and one outside is not.
    const paths = 40;
    const rate = (pd: number) => Float64Array.from({ length: paths }, (_, i) => pd ** (0.5 + i / paths));
    let runs = 0;
    const values: KeyValues = async (keys) => {
      runs++;
      return ok([rate(keys[0].value as number)]);
    };
    await fc.assert(
      fc.asyncProperty(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.option(fc.tuple(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), fc.double({ min: 0.5, max: 0.999999, noNaN: true })), { nil: undefined }), async (reach, between) => {
        const r = await reverseOnKey({ values, vary: "segments[0].pd", metric: "defaultRate", stat: { kind: "mean" }, reach, between, text: BOOK, file: "book.yaml", scenario: { ...scenario, simulation: { ...scenario.simulation, paths } } });
        const [lo, hi] = between ?? [0, 1];
        if (r.ok) {
          const { value, ci95, reading } = r.value;
          for (const x of [value, ...ci95, reading.statistic, reading.lower, reading.upper]) expect(Number.isFinite(x)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(lo);
          expect(value).toBeLessThanOrEqual(hi);
          expect(ci95[0]).toBeLessThanOrEqual(value);
          expect(value).toBeLessThanOrEqual(ci95[1]);
          expect(ci95[0]).toBeGreaterThan(0);
          expect(ci95[1]).toBeLessThan(1);
          expect(r.value.reversal).toBeNull();
        } else {
          expect(r.error.failed).toBe(false);
          expect(r.error.message).toMatch(/cannot reach/);
          expect(r.error.message).not.toMatch(/NaN|Infinity/);
          // Out of reach only where no pd in the bracket gives the level: the mean rate at its ends bounds it.
          const mean = (pd: number) => rate(pd).reduce((a, b) => a + b, 0) / paths;
          if (between) expect(reach < Math.min(mean(lo), mean(hi)) || reach > Math.max(mean(lo), mean(hi))).toBe(true);
          else expect(reach <= 0.001 || reach >= 0.999).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
    expect(runs).toBeGreaterThan(0);
  });

  it("says when the statistic is not monotone in the key over the values it ran", async () => {
    // A rate that rises with pd to 0.2 at pd 0.1 and falls after: 0.15 is reached twice.
    const tent = (pd: number) => (pd <= 0.1 ? 2 * pd : Math.max(0, 0.3 - pd));
    const values: KeyValues = async (keys) => ok([Float64Array.from({ length: 40 }, (_, i) => tent(keys[0].value as number) * (0.5 + i / 40))]);
    const search = (reach: number, between?: [number, number]) =>
      reverseOnKey({ values, vary: "segments[0].pd", metric: "defaultRate", stat: { kind: "mean" }, reach, between, text: BOOK, file: "book.yaml", scenario: { ...scenario, simulation: { ...scenario.simulation, paths: 40 } } });
    // Searched across the top: the answer comes with the pair of values where the rate turned.
    const across = await search(0.12, [0.05, 0.15]);
    expect(across.ok).toBe(true);
    if (!across.ok) return;
    const turn = across.value.reversal;
    expect(turn).not.toBeNull();
    if (turn) expect(tent(turn.to) < tent(turn.from) === across.value.increasing).toBe(true);
    // 0.19 is reached near pd 0.096, but the doubling steps jump over the top and find the
    // rate falling to the end of the range: "cannot reach", and why that may be wrong.
    const over = await search(0.19);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error.message).toMatch(/cannot reach 0\.19: .*; but the statistic is not monotone in the key \(.*\), so a value between may reach it: give --between LO,HI around it$/);
  });
});

describe("creditlab reverse on the command line", () => {
  it.each([
    ["an unknown key", reverse("--vary", "segments[0].nope", "--reach", "0.1"), /^creditlab: segments\[0\]\.nope is not a key of segments\[0\]; allowed: .*\bpd\b/m],
    ["a whole number", reverse("--vary", "segments[0].accounts", "--reach", "0.1"), /^creditlab: segments\[0\]\.accounts takes a whole number/m],
    ["--reach 1e400", reverse("--vary", "segments[0].pd", "--reach", "1e400"), /^creditlab: --reach must be a finite number, got "1e400"/m],
    ["--paths 2", reverse("--vary", "segments[0].pd", "--reach", "0.1", "--paths", "2"), /^creditlab: 2 paths give the mean no 95% interval, and the search needs one; allowed: 20 paths or more/m],
    ["a key of a variant the search does not read", ["reverse", at("variant.yaml"), "--vary", "variants.stressed.segments.cards.pd", "--metric", "defaultRate", "--reach", "0.1"], /^creditlab: variants\.stressed\.segments\.cards\.pd is a key of the variant "stressed", and the search reads the base; allowed: --variant "stressed", or a key of the base$/m],
    ["an unknown key of a variant", ["reverse", at("variant.yaml"), "--variant", "stressed", "--vary", "variants[0].segments.cards.pdx", "--metric", "defaultRate", "--reach", "0.1"], /^creditlab: variants\[0\]\.segments\.cards\.pdx is not a key of variants\[0\]\.segments\.cards; allowed: name, accounts, .*\bpd\b/m],
    ["a variant's key outside the base key's range", ["reverse", at("variant.yaml"), "--variant", "stressed", "--vary", "variants[0].segments.cards.pd", "--metric", "defaultRate", "--reach", "0.1", "--between", "0.01,1.5"], /^creditlab: --between 0\.01,1\.5: 1\.5 is not a value of variants\[0\]\.segments\.cards\.pd; allowed: a number greater than 0 and less than 1$/m],
    ["a notebook of two cells without --cell", ["reverse", at("two.md"), "--vary", "segments[0].pd", "--metric", "defaultRate", "--reach", "0.1"], /has 2 scenario cells; choose one with --cell N:\n {2}1: small\n {2}2: small/],
  ])("%s", async (_, args, message) => {
    expectRefused(await cli(args), message);
  });

  it("a level above what the key's whole range gives, and a statistic the key does not move, cannot be reached (exit 2, after runs)", async () => {
    const high = await cli(reverse("--vary", "segments[0].pd", "--reach", "2"));
    expectRefused(high, /^creditlab: segments\[0\]\.pd: cannot reach 2: the statistic is 1 at 0\.9999\d+, the end of the key's allowed range towards it \(1 is not a value of segments\[0\]\.pd; allowed: a number greater than 0 and less than 1\)$/m);
    const flat = await cli(reverse("--vary", "segments[0].lgd.mean", "--reach", "0.5"));
    expectRefused(flat, /cannot reach 0\.5: the statistic is [\d.]+ at 0\.5 and at 0\.625, so it does not move with the key there; give --between LO,HI/);
  });

  it("an inclusive end of the key's range is searched exactly, and a rule across keys is an end too", async () => {
    // lgd.sd takes 0 to 0.5: towards 0 the search stops at 0 itself (it stopped at 6.9e-18).
    const low = await cli(["reverse", at("book.yaml"), "--metric", "lossRate", "--workers", "1", "--vary", "segments[0].lgd.sd", "--reach", "-1"]);
    expectRefused(low, /cannot reach -1: the statistic is [\d.]+ at 0, the end of the key's allowed range towards it$/m);
    // Upwards the sd must stay below √(μ(1−μ)) = 0.5 for a mean of 0.5: the search ends just
    // inside, where the LGD is a coin between 0 and 1 with mean 0.5, so the loss rate is about
    // what it is at sd 0 (it was 0: every draw of the Beta with both shapes tiny underflowed to 0).
    const high = await cli(["reverse", at("book.yaml"), "--metric", "lossRate", "--workers", "1", "--vary", "segments[0].lgd.sd", "--reach", "0.9"]);
    expectRefused(high, /cannot reach 0\.9: the statistic is ([\d.]+) at 0\.4999\d+, the end of the key's allowed range towards it \(.*segments\[0\]\.lgd\.sd: 0\.5 is too wide for a mean of 0\.5; allowed: 0, or less than/);
    const atLimit = Number(/the statistic is ([\d.]+)/.exec(high.stderr)![1]);
    const atZero = Number(/the statistic is ([\d.]+)/.exec(low.stderr)![1]);
    // The same defaults on the same paths, each LGD 0 or 1 instead of 0.5: within 50% of it.
    expect(atLimit).toBeGreaterThan(atZero / 2);
    expect(atLimit).toBeLessThan(atZero * 1.5);
  });
});

describe("creditlab sensitivity's flags meet the file's rules", () => {
  const sens = (...args: string[]) => ["sensitivity", at("book.yaml"), "--workers", "1", ...args];
  it.each([
    ["a key given twice, spelt two ways", sens("--range", "segments[0].pd=0.02,0.05", "--range", "segments.cards.pd=0.01,0.04"), /^creditlab: --range segments\.cards\.pd=0\.01,0\.04: segments\.cards\.pd is already varied by --range segments\[0\]\.pd=0\.02,0\.05; allowed: each key once$/m],
    ["a value the key refuses, and low equal to high, each a line", sens("--range", "segments[0].pd=0.02,1.5", "--range", "segments[0].lgd.mean=0.5,0.5"), /^creditlab: --range segments\[0\]\.pd=0\.02,1\.5: 1\.5 is not a value of segments\[0\]\.pd; allowed: a number greater than 0 and less than 1\ncreditlab: --range segments\[0\]\.lgd\.mean=0\.5,0\.5: 0\.5 equals low; allowed: a value other than 0\.5\n$/],
    ["a metric twice", sens("--range", "segments[0].pd=0.02,0.05", "--metric", "netLoss", "--metric", "netLoss"), /^creditlab: --metric netLoss is given twice; allowed: each metric once$/m],
    ["a key of a variant the runs do not read", ["sensitivity", at("variant.yaml"), "--range", "variants.stressed.segments.cards.pd=0.05,0.1"], /^creditlab: --range variants\.stressed\.segments\.cards\.pd=0\.05,0\.1: variants\.stressed\.segments\.cards\.pd is a key of the variant "stressed", and the runs read the base; allowed: --variant "stressed", or a key of the base$/m],
    ["17 keys", sens(...Array.from({ length: 17 }, (_, i) => ["--range", `segments[0].pd=0.01,${(0.02 + i / 100).toFixed(2)}`]).flat()), /^creditlab: --range is given 17 times; allowed: at most 16, as in the scenario's sensitivity\.keys$/m],
  ])("%s", async (_, args, message) => {
    expectRefused(await cli(args), message);
  });

  it.each([
    ["a metric that is none", ["--metric", "loss"], /^--metric "loss" is not a book metric; allowed: accounts, /],
    ["a quantile of 1.5", ["--quantile", "1.5"], /^--quantile must lie strictly between 0 and 1/],
    ["a range in hex", ["--range", "segments[0].pd=0x1,0.05"], /^--range must be KEY=LO,HI with two numbers/],
    ["a range of one end", ["--range", "segments[0].pd=0.02"], /^--range must be KEY=LO,HI with two numbers/],
    ["a range of no key", ["--range", "=0.02,0.05"], /^--range must be KEY=LO,HI with two numbers/],
    ["a range past 1e308", ["--range", "segments[0].pd=0.02,1e400"], /^--range must be KEY=LO,HI with two numbers/],
  ])("the parser refuses %s", (_, args, message) => {
    const parsed = parseCommand(["sensitivity", "b.yaml", ...args]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it("validate places a key given twice (spelt two ways), a value the key refuses and half a month in the file, and run refuses them too", async () => {
    const file = at("sens-keys.yaml");
    const lines = BOOK.split("\n").length + 2;
    const expected = [
      `${file}:${lines + 1}:14: sensitivity.keys[1].key: segments.cards.pd is already varied by sensitivity.keys[0]; allowed: each key once`,
      `${file}:${lines + 1}:50: sensitivity.keys[1].high: 1.5 is not a value of segments[0].pd; allowed: a number greater than 0 and less than 1`,
      `${file}:${lines + 2}:45: sensitivity.keys[2].low: 6.5 is not a value of simulation.horizonMonths; allowed: a whole number from 1 to 600`,
    ].join("\n");
    for (const command of ["validate", "run"]) expectRefused(await cli([command, file]), new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n$`));
  });

  it.each([
    ["a metric that is none", "sens-metric.yaml", /:\d+:\d+: sensitivity\.metrics\[0\]: "cureRate" is not a book metric; allowed: /],
    ["an unquoted [N] in a flow mapping", "sens-flow.yaml", /YAML syntax: Unexpected flow-seq-start at node end; allowed: a value that holds \[ or \] in quotes, e\.g\. \{ key: 'segments\[0\]\.pd'/],
  ])("validate places %s in the file", async (_, file, message) => {
    expectRefused(await cli(["validate", at(file)]), message);
  });
});

describe("segments[].uncertainty", () => {
  it("a default rate's band of the expected value stays within 0 and 1 however wide the parameters' spread; a net loss's is the normal band", () => {
    // 40 paths: run A's default rate 0 or 1 by turns (a pd drawn near 0 or near 1), B and C
    // at 0.5 on every path: the parameter part is all of A's variance, and the normal band
    // 0.5 ± 1.96·√(Var(A) + Var(A)/40) reaches past both ends.
    const n = 40;
    const turns = Float64Array.from({ length: n }, (_, i) => i % 2);
    const flat = new Float64Array(n).fill(0.5);
    const loss = Float64Array.from(turns, (x) => 1000 * x);
    const split = splitOf([loss, turns], [[new Float64Array(n).fill(500), flat], [new Float64Array(n).fill(500), flat]], "base", n);
    expect(split.defaultRate.meanCI95).toEqual([0, 1]);
    const varA = 0.25 * (n / (n - 1));
    const half = 1.96 * Math.sqrt(varA + varA / n);
    expect(0.5 - half).toBeLessThan(0);
    // The net loss has no bound to cut it to: its band is the normal one, computed here.
    const varLoss = 1e6 * varA;
    const z = 1.959963984540054; // the 97.5% point of the standard normal
    expect(split.netLoss.meanCI95[0]).toBeCloseTo(500 - z * Math.sqrt(varLoss + varLoss / n), 6);
    expect(split.netLoss.meanCI95[1]).toBeCloseTo(500 + z * Math.sqrt(varLoss + varLoss / n), 6);
  });

  it("each bad distribution is placed at its segment, with what is allowed", async () => {
    const schema = await cli(["validate", at("uncertainty-schema.yaml")]);
    expectRefused(schema, /segments\[0\]\.uncertainty\.pd\.ci95\[0\]: 0 is out of range; allowed: a number greater than 0 and less than 1\n/);
    expect(schema.stderr).toMatch(/:6:\d+: segments\[1\]\.uncertainty\.pd\.ci95\[1\]: 1 is out of range; allowed: a number greater than 0 and less than 1\n/);
    expect(schema.stderr).toMatch(/:7:\d+: segments\[2\]\.uncertainty\.pd\.sd: -0\.1 is out of range; allowed: a number from 0 to 3\n/);
    const rules = await cli(["validate", at("uncertainty-rules.yaml")]);
    expectRefused(rules, /:5:\d+: segments\[0\]\.uncertainty\.pd\.ci95: \[0\.05, 0\.01\] is not increasing; allowed: \[low, high\] with low < high\n/);
    expect(rules.stderr).toMatch(/:6:\d+: segments\[1\]\.uncertainty\.pd\.ci95: \[0\.04, 0\.06\] does not hold pd 0\.03, its median; allowed: an interval with low ≤ 0\.03 ≤ high\n/);
    expect(rules.stderr).toMatch(/:7:\d+: segments\[2\]\.uncertainty\.pd\.sd: ci95 and sd are both given; allowed: one of/);
    expect(rules.stderr).toMatch(/:8:\d+: segments\[3\]\.uncertainty\.correlation: the correlation is 0, whose probit cannot be shifted; allowed: uncertainty\.correlation with 0 < correlation < 1/);
  });
});

describe("creditlab fit", () => {
  it("writes an LGD whose losses are all or nothing as a scenario that validates, its sd just inside the Beta's bound", async () => {
    const out = at("fitted.yaml");
    const fit = await cli(["fit", at("all-or-nothing.csv"), "--out", out]);
    expect(fit.stderr).toBe("");
    expect(fit.code).toBe(0);
    const check = await cli(["validate", out]);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    const text = await readFile(out, "utf8");
    const mean = Number(/^ {6}mean: ([\d.]+)/m.exec(text)![1]);
    const sd = Number(/^ {6}sd: ([\d.]+) # sample sd of loss\/ead ([\d.]+), written just inside the Beta's bound/m.exec(text)![1]);
    // 28 of 30 lose everything: μ = 0.9333, and the sample sd √(30/29 · μ(1 − μ)) = 0.2537 is past the bound 0.2494.
    expect(mean).toBeCloseTo(28 / 30, 4);
    expect(sd * sd).toBeLessThan(mean * (1 - mean));
    expect(sd).toBeGreaterThan(0.99 * Math.sqrt(mean * (1 - mean)));
  });
});

describe("notebook inputs", () => {
  it("validate and run place every input the page would mark at its line and column, with what is allowed", async () => {
    for (const args of [["validate", at("inputs.md")], ["run", at("inputs.md"), "--cell", "1"]]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(INPUTS.length);
      INPUTS.forEach(([, column, path, message], i) => {
        const prefix = `${at("inputs.md")}:${FIRST_INPUT_LINE + i}:${column}: ${path}: `;
        expect(lines[i].startsWith(prefix), lines[i]).toBe(true);
        expect(lines[i].slice(prefix.length)).toMatch(message);
      });
    }
  });
});
