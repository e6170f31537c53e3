/**
 * The real command line, spawned as a user would run it (`node bin/creditlab.js …`), on
 * scenario files written here. Positions of errors are found in the fixture text itself,
 * not copied from the program's output.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { BIN, cli, type Ran } from "./runCli.ts";

const TINY = `creditlab: 2
name: Tiny CLI book
simulation:
  paths: 50
  horizonMonths: 6
  seed: 7
segments:
  - name: prime
    accounts: 600
    missRate: 0.03
    apr: 0.18
  - name: subprime
    accounts: 400
    missRate: 0.10
    apr: 0.28
variants:
  - name: forbear
    policy: { forbearance: { offerAt: 1, takeUp: 0.5, holidayMonths: 3, redefaultMultiplier: 1.5 } }
  - name: collect
    policy: { collections: { rollReduction: 0.2, costPerAccountMonth: 10 } }
`;

const BROKEN = `creditlab: 2
name: Broken
segments:
  - name: prime
    accounts: 600
    missRate: 1.5
    colour: red
`;

/** 1-based line and column of `needle` inside the line that starts with `lineStart`. */
function place(text: string, lineStart: string, needle: string): string {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.trimStart().startsWith(lineStart));
  return `${i + 1}:${lines[i].indexOf(needle) + 1}`;
}

let dir: string;
let tiny: string;
let broken: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-cli-"));
  tiny = join(dir, "tiny.yaml");
  broken = join(dir, "broken.yaml");
  await writeFile(tiny, TINY);
  await writeFile(broken, BROKEN);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("creditlab validate", () => {
  it("prints ok for a valid scenario", async () => {
    expect(await cli(["validate", tiny])).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
  });

  it("prints each error as FILE:LINE:COL: key.path: message and exits 2", async () => {
    const { code, stdout, stderr } = await cli(["validate", broken]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith(`${broken}:${place(BROKEN, "missRate:", "1.5")}: segments[0].missRate: `)).toBe(true);
    expect(lines[1].startsWith(`${broken}:${place(BROKEN, "colour:", "colour")}: segments[0].colour: `)).toBe(true);
  });

  it("reports a missing file in one line and exits 2", async () => {
    const missing = join(dir, "nope.yaml");
    expect(await cli(["validate", missing])).toEqual({ code: 2, stdout: "", stderr: `creditlab: no such file: ${missing}\n` });
  });
});

describe("usage errors", () => {
  it.each([
    [["run", "TINY", "--paths", "0"]],
    [["run", "TINY", "--paths", "abc"]],
    [["run", "TINY", "--workers", "0"]],
    [["run", "TINY", "--bogus"]],
    [["run"]],
    [["run", "TINY", "--variant", "no such variant"]],
    [["frob"]],
  ])("%j exits 2 with one line on stderr and no stack trace", async (args) => {
    const { code, stdout, stderr } = await cli(args.map((a) => (a === "TINY" ? tiny : a)));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^creditlab: [^\n]+\n$/);
  });

  it("a run of a broken scenario prints its errors and exits 2", async () => {
    const { code, stderr } = await cli(["run", broken]);
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: segments\\[0\\]\\.missRate: `));
  });

  it("--help and --version print to stdout and exit 0", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("creditlab run FILE");
    expect(help.stdout).toContain("--variant NAME");
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });
});

describe("creditlab run", () => {
  let json: Ran;
  beforeAll(async () => {
    json = await cli(["run", tiny, "--json"]);
  });

  it("--json prints only the result file, with the keys of INTERFACE.md", () => {
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout);
    for (const key of ["creditlab", "engine", "scenario", "seed", "paths", "horizonMonths", "periodMonths", "variants", "differences"]) {
      expect(result).toHaveProperty(key);
    }
    expect(result).toMatchObject({ creditlab: 2, engine: pkg.version, seed: 7, paths: 50, horizonMonths: 6, periodMonths: 1 });
    // 50 paths leave 0 beyond the 99% level: no error estimate, written as null, never 0.
    expect(result.variants[0].book.esStderr["0.99"]).toBeNull();
    expect(result.variants[0].book.esCI95["0.99"]).toBeNull();
    expect(result.scenario.name).toBe("Tiny CLI book");
    expect(result.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.variants.map((v: { name: string }) => v.name)).toEqual(["base", "forbear", "collect"]);
    for (const v of result.variants) {
      for (const key of ["name", "book", "segments", "periods"]) expect(v).toHaveProperty(key);
      expect(v).not.toHaveProperty("samples");
      expect(Object.keys(v.segments)).toEqual(["prime", "subprime"]);
      expect(v.periods).toHaveLength(6);
    }
    expect(result.differences.map((d: { variant: string; vs: string }) => [d.variant, d.vs])).toEqual([
      ["forbear", "base"],
      ["collect", "base"],
    ]);
  });

  it("--out writes the same bytes as --json for the same seed", async () => {
    const out = join(dir, "result.json");
    const ran = await cli(["run", tiny, "--out", out, "--workers", "2"]);
    expect(ran.code).toBe(0);
    expect(await readFile(out, "utf8")).toBe(json.stdout);
  });

  it("--paths and --seed override the file, and --samples adds one value a path", async () => {
    const ran = await cli(["run", tiny, "--json", "--paths", "20", "--seed", "other seed", "--samples"]);
    expect(ran.code).toBe(0);
    const result = JSON.parse(ran.stdout);
    expect(result.paths).toBe(20);
    expect(result.seed).toBe("other seed");
    expect(result.variants[0].samples.netLoss).toHaveLength(20);
    const before = JSON.parse(json.stdout).variants[0].samples;
    expect(before).toBeUndefined();
    expect(result.variants[0].book.netLoss.mean).not.toBe(JSON.parse(json.stdout).variants[0].book.netLoss.mean);
  });

  it("--variant runs the base and that variant only", async () => {
    const ran = await cli(["run", tiny, "--json", "--variant", "collect"]);
    const result = JSON.parse(ran.stdout);
    expect(result.variants.map((v: { name: string }) => v.name)).toEqual(["base", "collect"]);
    const whole = JSON.parse(json.stdout);
    expect(result.variants[1].book).toEqual(whole.variants[2].book);
  });

  it("the summary names the scenario and shows each variant's VaR and ES rows and the differences", async () => {
    const { code, stdout, stderr } = await cli(["run", tiny]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout.split("\n")[0]).toBe("Tiny CLI book");
    expect(stdout).toMatch(/paths +50 +seed 7 +horizon 6 months, monthly periods/);
    for (const name of ["base", "forbear", "collect"]) expect(stdout).toContain(`Variant: ${name}`);
    expect(stdout.match(/^ {2}VaR +\S+ ± \S+ +\S+ ± \S+ +\S+ ± \S+$/gm)).toHaveLength(3);
    expect(stdout.match(/^ {2}ES +\S+ ± \S+ +\S+ ± \S+ +\S+ ± \S+$/gm)).toHaveLength(3);
    expect(stdout).toContain("Paired differences vs base");
    expect(stdout).not.toContain("\x1b[");
  });

  it("a failure that is not the user's exits 1 in one line, with a stack trace only with --debug", async () => {
    const out = join(dir, "no-such-dir", "result.json");
    const plain = await cli(["run", tiny, "--paths", "5", "--out", out]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(`creditlab: cannot write ${out}: no such file or directory\n`);
    const debug = await cli(["run", tiny, "--paths", "5", "--out", out, "--debug"]);
    expect(debug.code).toBe(1);
    expect(debug.stderr.split("\n").length).toBeGreaterThan(2);
    expect(debug.stderr).toMatch(/\n +at /);
  });

  it("Ctrl-C stops a long run, prints the result of the paths finished marked partial, and exits 130", async () => {
    const child = spawn(process.execPath, [BIN, "run", tiny, "--json", "--paths", "200000"]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    // Long enough for the workers to finish some paths on a busy machine; either way the
    // run ends at once, with a partial result or, if no path had finished, a one-line note.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    if (stdout === "") {
      expect(stderr).toBe("creditlab: cancelled before any path finished\n");
    } else {
      const result = JSON.parse(stdout);
      expect(result.partial).toBe(true);
      expect(result.paths).toBeGreaterThan(0);
      expect(result.paths).toBeLessThan(200000);
      expect(stderr).toBe("");
    }
  });
});
