/**
 * The real command line, spawned as a user would run it (`node bin/creditlab.js …`), on
 * scenario files written here. Positions of errors are found in the fixture text itself,
 * not copied from the program's output.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdir, mkdtemp, open, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
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

  it("checks many files and folders, a line each, and exits with the worst status", async () => {
    const folder = join(dir, "many");
    await mkdir(join(folder, "deeper"), { recursive: true });
    await writeFile(join(folder, "a.yaml"), TINY);
    await writeFile(join(folder, "deeper", "b.yaml"), TINY);
    await writeFile(join(folder, "README.md"), "# Prose, no scenario cell\n");
    await writeFile(join(folder, "notes.txt"), "not a scenario");
    expect(await cli(["validate", folder, tiny])).toEqual({
      code: 0,
      stdout: `${join(folder, "a.yaml")}: ok\n${join(folder, "deeper", "b.yaml")}: ok\n${tiny}: ok\n`,
      stderr: "",
    });
    const mixed = await cli(["validate", tiny, broken]);
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toBe(`${tiny}: ok\n`);
    expect(mixed.stderr.split("\n")[0].startsWith(`${broken}:`)).toBe(true);
  });

  it("reads a scenario from standard input for -", async () => {
    const piped = (args: string[], input: string) =>
      new Promise<Ran>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args]);
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
        child.stdin.end(input);
      });
    expect(await piped(["validate", "-"], TINY)).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
    const bad = await piped(["validate", "-"], BROKEN);
    expect(bad.code).toBe(2);
    expect(bad.stderr.startsWith(`<stdin>:${place(BROKEN, "missRate:", "1.5")}: segments[0].missRate: `)).toBe(true);
    const ran = await piped(["run", "-", "--paths", "5", "--out", "-"], TINY);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout).scenario.name).toBe("Tiny CLI book");
  });
});

describe("help", () => {
  it.each(["run", "validate", "merge", "fit", "ecl"])("help CMD and CMD --help print that command's page alone: %s", async (command) => {
    const [byWord, byFlag] = await Promise.all([cli(["help", command]), cli([command, "--help"])]);
    expect(byWord).toEqual(byFlag);
    expect(byWord.code).toBe(0);
    const usage = byWord.stdout.split("Usage:\n")[1].split("\n\n")[0];
    expect(usage).toContain(`creditlab ${command} `);
    for (const other of ["run", "validate", "merge", "fit", "ecl"].filter((c) => c !== command)) expect(usage).not.toContain(`creditlab ${other} `);
  });
});

describe("outputs", () => {
  it("refuses to write a result through a symbolic link, before the run", async () => {
    const target = join(dir, "precious.txt");
    const link = join(dir, "link.json");
    await writeFile(target, "keep me");
    await symlink(target, link);
    const { code, stderr } = await cli(["run", tiny, "--paths", "5", "--out", link]);
    expect(code).toBe(2);
    expect(stderr).toBe(`creditlab: --out ${link} is a symbolic link; allowed: a regular file or a new name\n`);
    expect(await readFile(target, "utf8")).toBe("keep me");
  });

  it("writes --out through a temporary file renamed over the target, leaving nothing beside it", async () => {
    const folder = await mkdtemp(join(dir, "out-"));
    const out = join(folder, "r.json");
    await writeFile(out, "old");
    expect((await cli(["run", tiny, "--paths", "5", "--out", out])).code).toBe(0);
    expect(JSON.parse(await readFile(out, "utf8")).scenario.name).toBe("Tiny CLI book");
    expect(await readdir(folder)).toEqual(["r.json"]);
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
    // A file-size limit of one block (ulimit -f, which Node meets as EFBIG) lets the
    // check of --out pass and refuses the write of the result.
    const out = join(dir, "limited.json");
    const limited = (extra: string[]) =>
      new Promise<Ran>((resolve) => {
        const args = [BIN, "run", tiny, "--paths", "5", "--out", out, ...extra].map((a) => `'${a}'`).join(" ");
        execFile("sh", ["-c", `ulimit -f 1; exec '${process.execPath}' ${args}`], (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
        );
      });
    const plain = await limited([]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(`creditlab: cannot write ${out}: file too large for the size limit in force (ulimit -f)\n`);
    const debug = await limited(["--debug"]);
    expect(debug.code).toBe(1);
    expect(debug.stderr.split("\n").length).toBeGreaterThan(2);
    expect(debug.stderr).toMatch(/\n +at /);
  });

  it("a device as --out is refused before the run, not written through", async () => {
    expect(await cli(["run", tiny, "--paths", "5", "--out", "/dev/full"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "creditlab: --out /dev/full is not a regular file; allowed: a regular file or a new name\n",
    });
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("%s stops a long run after its first progress line, prints the result of the paths finished marked partial, and exits %d", async (signal, status) => {
    const run = longRun();
    await run.progressed;
    run.child.kill(signal);
    const { code, stdout, stderr } = await run.ended;
    expect(code).toBe(status);
    const result = JSON.parse(stdout);
    expect(result.partial).toBe(true);
    expect(result.paths).toBeGreaterThan(0);
    expect(result.paths).toBeLessThan(200000);
    expect(stderr).toMatch(/^(creditlab: progress [\d,]+\/200,000 \d+%[^\n]*\n)+$/);
  });
});

/**
 * A run of 200,000 paths with progress lines on stderr, and the moments a test waits for.
 * One worker finishes its chunks in order, so once a path has finished (the first
 * progress line), the paths from 0 on that a partial result keeps are not empty.
 */
function longRun() {
  const child = spawn(process.execPath, [BIN, "run", tiny, "--json", "--paths", "200000", "--workers", "1", "--progress"]);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  const progressed = new Promise<void>((resolve) =>
    child.stderr.on("data", (d) => {
      stderr += d;
      if (stderr.includes("creditlab: progress ")) resolve();
    }),
  );
  const ended = new Promise<Ran>((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr })));
  return { child, progressed, ended };
}

describe("files that are not scenario files", () => {
  it.each([
    ["a FIFO", () => {
      const fifo = join(dir, "fifo.yaml");
      execFileSync("mkfifo", [fifo]);
      return fifo;
    }, "is a FIFO (named pipe), not a scenario file; allowed: a regular file"],
    ["a device", () => "/dev/zero", "is a device, not a scenario file; allowed: a regular file"],
    ["a directory", () => dir, "is a directory, not a scenario file; allowed: a regular file"],
  ])("%s is refused at once, by validate and run, in one line", async (what, make, why) => {
    const file = make();
    // validate reads the scenario files in a folder; run takes one scenario.
    const commands = what === "a directory" ? [["run", file]] : [["validate", file], ["run", file]];
    for (const args of commands) {
      expect(await cli(args)).toEqual({ code: 2, stdout: "", stderr: `creditlab: ${file} ${why}\n` });
    }
  });

  it("a 3 GB file is refused by its size, before it is read", async () => {
    // A sparse file: its size is 3 GB, its blocks are few. Reading it whole would fail (or take 3 GB of memory).
    const big = join(dir, "big.yaml");
    const handle = await open(big, "w");
    await handle.truncate(3 * 1024 ** 3);
    await handle.close();
    expect(await cli(["validate", big])).toEqual({
      code: 2,
      stdout: "",
      stderr: `${big}:1:1: (file): the file is too large (3072.0 MB); allowed: at most 2 MB\n`,
    });
  });

  it("a file that is not UTF-8 is refused at its first bad byte", async () => {
    const file = join(dir, "latin1.yaml");
    // "Crédit" in Latin-1: 0xE9 followed by "d" starts no UTF-8 character.
    const text = TINY.replace("Tiny CLI book", "Cr\u00e9dit book");
    await writeFile(file, Buffer.from(text, "latin1"));
    const { code, stdout, stderr } = await cli(["validate", file]);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toBe(`${file}:${place(text, "name:", "\u00e9")}: (file): the text is not valid UTF-8 (byte 0xE9 starts no character here); allowed: UTF-8 text (save the file as UTF-8)\n`);
  });

  it("a UTF-8 file with accents is read", async () => {
    const file = join(dir, "accents.yaml");
    await writeFile(file, TINY.replace("Tiny CLI book", "Crédit à la consommation"));
    expect(await cli(["validate", file])).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
  });
});

describe("--out is checked before the run", () => {
  it.each([
    ["a directory", () => dir, (out: string) => `--out ${out} is a directory; allowed: a file name, in an existing folder`],
    ["in a missing folder", () => join(dir, "no-such-dir", "result.json"), (out: string) => `--out ${out}: the folder ${join(dir, "no-such-dir")} does not exist; allowed: a file name, in an existing folder`],
    // sysfs refuses new files to everyone, root included, as a read-only file system would.
    ["on a file system that takes no new file", () => "/sys/creditlab-result.json", (out: string) => `--out ${out} cannot be written: permission denied`],
  ])("%s: exit 2 in one line, and nothing written", async (_, make, why) => {
    const out = make();
    // 200,000 paths would take minutes: a check after the run could not answer as this one does.
    const ran = await cli(["run", tiny, "--paths", "200000", "--out", out]);
    expect(ran).toEqual({ code: 2, stdout: "", stderr: `creditlab: ${why(out)}\n` });
  });

  it("a read-only file is refused when permissions apply", async () => {
    const out = join(dir, "read-only.json");
    await writeFile(out, "{}");
    execFileSync("chmod", ["444", out]);
    const ran = await cli(["run", tiny, "--paths", "5", "--out", out]);
    // Root may write any file: then the run writes it, as the file system allows.
    if (process.getuid?.() === 0) expect(ran.code).toBe(0);
    else expect(ran).toEqual({ code: 2, stdout: "", stderr: `creditlab: --out ${out} cannot be written: permission denied\n` });
  });

  it("checking a new --out leaves no file behind when the scenario is wrong", async () => {
    const folder = join(dir, "outs");
    await mkdir(folder);
    const out = join(folder, "result.json");
    expect((await cli(["run", broken, "--out", out])).code).toBe(2);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });
});
