import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/cli/args.ts";

const run = (rest: object = {}) => ({ kind: "run", debug: false, file: "s.yaml", samples: false, json: false, progress: false, set: [], format: "json", tapesAnywhere: false, ...rest });

describe("parseCommand accepts", () => {
  it.each([
    [[], { kind: "help" }],
    [["--help"], { kind: "help" }],
    [["-h"], { kind: "help" }],
    [["run", "s.yaml", "--help"], { kind: "help", topic: "run" }],
    [["help"], { kind: "help" }],
    [["help", "fit"], { kind: "help", topic: "fit" }],
    [["merge", "--help"], { kind: "help", topic: "merge" }],
    [["--version"], { kind: "version" }],
    [["-v"], { kind: "version" }],
    [["validate", "s.yaml"], { kind: "validate", files: ["s.yaml"], debug: false, set: [], tapesAnywhere: false }],
    [["validate", "--debug", "s.yaml"], { kind: "validate", files: ["s.yaml"], debug: true, set: [], tapesAnywhere: false }],
    [["validate", "a.yaml", "scenarios/", "-"], { kind: "validate", files: ["a.yaml", "scenarios/", "-"], debug: false, set: [], tapesAnywhere: false }],
    [["run", "s.yaml", "--set", "segments[0].pd=0.04", "--set=simulation.seed=x"], run({ set: [
      { raw: "segments[0].pd=0.04", key: "segments[0].pd", value: 0.04 },
      { raw: "simulation.seed=x", key: "simulation.seed", value: "x" },
    ] })],
    [["run", "-", "--out", "-"], run({ file: "-", out: "-" })],
    [["run", "s.yaml", "--format", "csv"], run({ format: "csv", samples: true })],
    [["run", "s.yaml"], run()],
    [["run", "s.yaml", "--paths", "500", "--workers=3"], run({ paths: 500, workers: 3 })],
    [["run", "s.yaml", "--seed", "42"], run({ seed: 42 })],
    [["run", "s.yaml", "--seed", "-7"], run({ seed: -7 })],
    [["run", "s.yaml", "--seed", "recession-2026"], run({ seed: "recession-2026" })],
    [["run", "s.yaml", "--seed", "1.5"], run({ seed: "1.5" })],
    [["run", "--json", "--samples", "s.yaml", "--out", "r.json"], run({ json: true, samples: true, out: "r.json" })],
    [["run", "s.yaml", "--variant", "tight approval"], run({ variant: "tight approval" })],
    [["run", "book.md", "--cell", "2"], run({ file: "book.md", cell: 2 })],
    [["run", "s.yaml", "--progress"], run({ progress: true })],
    [["run", "--cell=1", "BOOK.MD"], run({ file: "BOOK.MD", cell: 1 })],
    [["fit", "p.csv", "--out", "s.yaml", "--json"], { kind: "fit", file: "p.csv", out: "s.yaml", json: true, debug: false, series: false }],
    [["fit", "p.csv", "--macro", "m.csv", "--terms", "u,u:lag3"], { kind: "fit", file: "p.csv", json: false, debug: false, macro: "m.csv", series: false, terms: "u,u:lag3" }],
    [["fit", "r.csv", "--series"], { kind: "fit", file: "r.csv", json: false, debug: false, series: true }],
    [
      ["reverse", "s.yaml", "--vary", "segments[0].pd", "--metric", "defaultRate", "--quantile", "0.99", "--reach", "0.1", "--between", "0.01, 0.2", "--paths", "500"],
      { kind: "reverse", debug: false, file: "s.yaml", vary: "segments[0].pd", metric: "defaultRate", quantile: 0.99, reach: 0.1, between: [0.01, 0.2], json: false, paths: 500, set: [], tapesAnywhere: false, progress: false },
    ],
  ])("%j", (argv, want) => {
    const got = parseCommand(argv);
    expect(got.ok).toBe(true);
    if (got.ok) expect(JSON.parse(JSON.stringify(got.value))).toEqual(want);
  });
});

describe("parseCommand refuses with one line", () => {
  it.each([
    [["frob"], 'unknown command "frob" (commands: run, merge, validate, fit, ecl, reverse, sensitivity, help)'],
    [["runn", "s.yaml"], 'unknown command "runn"; did you mean run? (commands: run, merge, validate, fit, ecl, reverse, sensitivity, help)'],
    [["help", "frob"], 'unknown command "frob" (commands: run, merge, validate, fit, ecl, reverse, sensitivity, help)'],
    [["help", "run", "fit"], "help takes one command, got 2: run fit"],
    [["run", "s.yaml", "--format", "xml"], '--format must be json or csv, got "xml"'],
    [["run", "s.yaml", "--format", "csv", "--json"], "--json prints the result file; with --format csv give --out FILE or nothing (the table goes to stdout)"],
    [["fit", "p.csv", "--out", "-", "--json"], "--out - and --json both write standard output; give one of them"],
    [["run"], "run needs a scenario FILE"],
    [["reverse", "s.yaml", "--metric", "netLoss", "--reach", "1"], "reverse needs --vary: creditlab reverse FILE --vary KEY --metric NAME [--quantile Q] --reach VALUE"],
    [["reverse", "s.yaml", "--vary", "segments[0].pd", "--metric", "netLoss", "--reach", "x"], '--reach must be a number, got "x"'],
    [["reverse", "s.yaml", "--vary", "segments[0].pd", "--metric", "netLoss", "--reach", "1", "--between", "0.2,0.1"], '--between must be LO,HI with LO < HI, got "0.2,0.1"'],
    [["reverse", "s.yaml", "--vary", "segments[0].pd", "--metric", "netLoss", "--reach", "1", "--shard", "1/2"], "--shard is not an option of reverse"],
    [["validate"], "validate needs a scenario FILE"],
    [["fit"], "fit needs a performance FILE (CSV)"],
    [["fit", "p.csv", "--out="], "--out needs a value"],
    [["fit", "p.csv", "--seed", "1"], "--seed is not an option of fit"],
    [["run", "a", "b"], "run takes one FILE, got 2: a b"],
    [["run", "s.yaml", "--paths", "0"], '--paths must be a whole number from 1 to 1,000,000, got "0"'],
    [["run", "s.yaml", "--paths", "abc"], '--paths must be a whole number from 1 to 1,000,000, got "abc"'],
    [["run", "s.yaml", "--paths", "1.5"], '--paths must be a whole number from 1 to 1,000,000, got "1.5"'],
    [["run", "s.yaml", "--paths", "1000001"], '--paths must be a whole number from 1 to 1,000,000, got "1000001"'],
    [["run", "s.yaml", "--workers", "0"], `--workers must be a whole number from 1 to ${Math.max(8, 4 * availableParallelism())}, got "0"`],
    [["run", "s.yaml", "--workers", String(4 * availableParallelism() + 9)], `--workers must be a whole number from 1 to ${Math.max(8, 4 * availableParallelism())}, got "${4 * availableParallelism() + 9}"`],
    [["run", "s.yaml", "--paths"], "--paths needs a value"],
    [["run", "s.yaml", "--paths", "--json"], "--paths needs a value"],
    [["run", "s.yaml", "--seed="], "--seed needs a value"],
    [["run", "s.yaml", "--out="], "--out needs a value"],
    [["run", "s.yaml", "--json=yes"], "--json takes no value"],
    [["run", "s.yaml", "--bogus"], "unknown option --bogus (see creditlab --help)"],
    [["run", "s.yaml", "--path", "5"], "unknown option --path; did you mean --paths? (see creditlab --help)"],
    [["run", "s.yaml", "-x"], "unknown option -x (see creditlab --help)"],
    [["validate", "s.yaml", "--paths", "5"], "--paths is not an option of validate"],
    [["run", "b.md", "--cell", "0"], '--cell must be a whole number 1 or more, got "0"'],
    [["run", "b.md", "--cell", "-1"], '--cell must be a whole number 1 or more, got "-1"'],
    [["run", "b.md", "--cell", "1.5"], '--cell must be a whole number 1 or more, got "1.5"'],
    [["run", "b.md", "--cell"], "--cell needs a value"],
    [["run", "s.yaml", "--cell", "1"], "--cell picks a scenario cell of a notebook (a .md file); s.yaml is a scenario file"],
    [["validate", "b.md", "--cell", "1"], "--cell is not an option of validate"],
    [["--json"], "--json needs a command: creditlab run FILE --json ..."],
  ])("%j", (argv, want) => {
    expect(parseCommand(argv)).toEqual({ ok: false, error: want });
  });
});
