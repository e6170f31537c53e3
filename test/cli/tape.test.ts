/** `creditlab run` and `validate` read the loan tapes a scenario names, beside the scenario file. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./runCli.ts";

const dir = mkdtempSync(join(tmpdir(), "creditlab-tape-"));
const put = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** LINE:COL of the tape's path in `text`, found in the text itself: where an error about the tape points. */
const tapeAt = (text: string): string => {
  const at = text.indexOf("tape: ") + "tape: ".length;
  const before = text.slice(0, at);
  return `${before.split("\n").length}:${at - before.lastIndexOf("\n")}`;
};

const scenario = (tape: string) => `creditlab: 2
name: On a tape
simulation: { paths: 20, horizonMonths: 12, seed: 3 }
segments:
  - name: lines
    tape: ${tape}
    pd: 0.03
    ccf: 0.5
`;

put("book.csv", ["balance,limit", ...Array.from({ length: 50 }, (_, j) => `${1000 + 10 * j},4000`)].join("\n"));

describe("a scenario on a loan tape", () => {
  it("runs on the tape beside it: the result's accounts and exposure are the rows'", async () => {
    const file = put("on-tape.yaml", scenario("book.csv"));
    const { code, stdout, stderr } = await cli(["run", file, "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.variants[0].book.accounts.mean).toBe(50);
    let exposure = 0;
    for (let j = 0; j < 50; j++) exposure += 1000 + 10 * j + 0.5 * (4000 - (1000 + 10 * j));
    expect(result.variants[0].book.exposure.mean).toBeCloseTo(exposure, 6);
    expect((await cli(["validate", file])).stdout).toBe("ok\n");
  });

  it("refuses a bad row with FILE:ROW:COLUMN and what is allowed, exit 2, before running", async () => {
    put("bad.csv", "balance,limit\n1000,4000\n-5,4000\n");
    const file = put("bad-tape.yaml", scenario("bad.csv"));
    for (const command of ["run", "validate"]) {
      const { code, stderr } = await cli([command, file]);
      expect(code).toBe(2);
      const lines = stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^${join(dir, "bad.csv").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:balance: .*; allowed: `));
    }
  });

  it("names a missing tape and the scenario that asked for it, exit 2", async () => {
    const file = put("missing-tape.yaml", scenario("nowhere.csv"));
    const { code, stderr } = await cli(["run", file]);
    expect(code).toBe(2);
    expect(stderr).toBe(`${file}:${tapeAt(scenario("nowhere.csv"))}: segments[0].tape: no such file: ${join(dir, "nowhere.csv")}; allowed: a CSV file, its path relative to the scenario's folder\n`);
  });

  it("places what the scenario asks of its tape at the segment's tape key", async () => {
    put("no-limit.csv", "balance\n1000\n2000\n");
    const file = put("no-limit.yaml", scenario("no-limit.csv"));
    const { code, stderr } = await cli(["run", file]);
    expect(code).toBe(2);
    expect(stderr).toBe(`${file}:6:11: segments[0].tape: 2 rows of a credit-line tape have no limit; allowed: a limit on every row of a revolving segment's tape\n`);
  });
});

describe("rows no segment reads", () => {
  it("are an error at the tape key naming each stray segment and its row count, from run and validate", async () => {
    put("mixed.csv", ["balance,limit,segment", "1000,4000,lines", "1200,4000,lines", "900,3000,lnies", "800,3000,cards", "700,3000,cards"].join("\n"));
    const file = put("mixed.yaml", scenario("mixed.csv"));
    for (const command of ["run", "validate"]) {
      expect(await cli([command, file])).toEqual({
        code: 2,
        stdout: "",
        stderr: `${file}:6:11: segments[0].tape: the tape's rows for lnies (1 row), cards (2 rows) belong to no segment that reads it; allowed: segments named lines, or a segment for each name in the tape's segment column\n`,
      });
    }
  });
});

describe("text from a tape on its way to the terminal", () => {
  it("a header or segment name with escape sequences is shown escaped, one line a message", async () => {
    const osc52 = "\x1b]52;c;aGk=\x07";
    put("escapes.csv", [`balance,limit,${osc52},segment`, "1000,4000,1,lines", `900,3000,1,${osc52}x`].join("\n"));
    const file = put("escapes.yaml", scenario("escapes.csv"));
    const { code, stderr } = await cli(["validate", file]);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(stderr).toContain("columns ignored: \\x1b]52;c;aGk=\\x07");
    expect(stderr).toContain("rows for \\x1b]52;c;aGk=\\x07x (1 row)");
    expect(stderr.trimEnd().split("\n")).toHaveLength(2);
  });
});

describe("an empty book", () => {
  it("is refused, not run to a 0% default rate", async () => {
    const file = put("empty.yaml", "creditlab: 2\nname: Empty\nsegments:\n  - name: a\n    accounts: 0\n    pd: 0.02\n");
    const { code, stderr } = await cli(["validate", file]);
    expect(code).toBe(2);
    expect(stderr).toBe(`${file}:5:15: segments[0].accounts: the book has no accounts: every segment has accounts: 0, no tape and no originations; allowed: accounts of 1 or more, a tape, or originations in at least one segment\n`);
  });
});

describe("the shipped example", () => {
  it("scenarios/data/stress-on-tape.yaml validates on its synthetic tape", async () => {
    const file = new URL("../../scenarios/data/stress-on-tape.yaml", import.meta.url).pathname;
    const { code, stdout, stderr } = await cli(["validate", file]);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
  });
});

describe("a run on a tape", () => {
  it("digests its tapes with its scenario: another tape, another sha256", async () => {
    put("one.csv", "balance,limit\n1000,4000\n2000,4000\n");
    put("two.csv", "balance,limit\n1000,4000\n2500,4000\n");
    // The same scenario text on each tape: only the tape differs.
    const sha = async (tape: string) => {
      const file = put(`digest-${tape}.yaml`, scenario(`${tape}.csv`).replace(`tape: ${tape}.csv`, "tape: book.csv"));
      const dir2 = mkdtempSync(join(tmpdir(), "creditlab-tape-digest-"));
      const copy = join(dir2, "s.yaml");
      writeFileSync(copy, readFileSync(file, "utf8"));
      writeFileSync(join(dir2, "book.csv"), readFileSync(join(dir, `${tape}.csv`), "utf8"));
      const { stdout } = await cli(["run", copy, "--json", "--paths", "2"]);
      return JSON.parse(stdout).scenario.sha256 as string;
    };
    const [a, b] = [await sha("one"), await sha("two")];
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});

describe("what a scenario may read", () => {
  it.each([
    ["an absolute path", () => join(dir, "book.csv"), "an absolute path"],
    ["a path out of the folder", () => "../outside.csv", "outside the scenario's folder"],
  ])("%s is refused without --tapes-anywhere, and read with it", async (_, tape, why) => {
    const inner = join(dir, `inner-${Math.random().toString(36).slice(2)}`);
    mkdirSync(inner);
    writeFileSync(join(dir, "outside.csv"), "balance,limit\n1000,4000\n");
    const file = join(inner, "s.yaml");
    writeFileSync(file, scenario(tape()));
    const refused = await cli(["validate", file]);
    expect(refused).toEqual({ code: 2, stdout: "", stderr: `${file}:${tapeAt(scenario(tape()))}: segments[0].tape: ${tape()} is ${why}; allowed: a path inside ${inner}, or --tapes-anywhere\n` });
    expect(await cli(["validate", file, "--tapes-anywhere"])).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
  });

  it("a link out of the folder is refused", async () => {
    const inner = join(dir, "linked");
    mkdirSync(inner);
    symlinkSync(join(dir, "book.csv"), join(inner, "tape.csv"));
    const file = join(inner, "s.yaml");
    writeFileSync(file, scenario("tape.csv"));
    expect((await cli(["run", file])).stderr).toBe(`${file}:${tapeAt(scenario("tape.csv"))}: segments[0].tape: tape.csv is a link out of the scenario's folder; allowed: a path inside ${inner}, or --tapes-anywhere\n`);
  });

  it.each([
    ["a device", "/dev/zero", "is a device, not a CSV file; allowed: a regular file"],
    ["a FIFO", "FIFO", "is a FIFO (named pipe), not a CSV file; allowed: a regular file"],
  ])("%s as a tape is refused at once, never read", async (_, tape, why) => {
    let path = tape;
    if (tape === "FIFO") {
      path = join(dir, "tape-fifo.csv");
      execFileSync("mkfifo", [path]);
    }
    const file = put(`special-${Math.random().toString(36).slice(2)}.yaml`, scenario(path));
    expect(await cli(["validate", file, "--tapes-anywhere"])).toEqual({ code: 2, stdout: "", stderr: `${file}:${tapeAt(scenario(path))}: segments[0].tape: ${path} ${why}\n` });
  });

  it.each([["1e400"], ["1e308"], ["-1"]])("a balance of %s is refused at its row and column", async (value) => {
    put("huge.csv", `balance,limit\n1000,4000\n${value},4000\n`);
    const file = put("huge.yaml", scenario("huge.csv"));
    const { code, stderr } = await cli(["validate", file]);
    expect(code).toBe(2);
    expect(stderr).toBe(`${join(dir, "huge.csv")}:3:balance: "${value}" is not a balance; allowed: a number from 0 to 1,000,000,000\n`);
  });
});
