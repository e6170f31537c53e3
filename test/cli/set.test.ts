/**
 * `--set KEY=VALUE`: a key given on the command line gives the numbers of a file that says
 * it (compared with a copy of the file edited as text), and a bad setting is one line
 * naming the setting, exit 2.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSetting, setKeys } from "../../src/scenario/setKeys.ts";
import { cli } from "./runCli.ts";

const BOOK = `creditlab: 2
name: Set book
simulation: { paths: 12, horizonMonths: 6, seed: 3 }
segments:
  - name: prime   # a comment that stays
    accounts: 500
    pd: 0.02
  - name: near
    accounts: 300
    pd: 0.06
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-set-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const setting = (raw: string) => {
  const s = parseSetting(raw);
  if (!s.ok) throw new Error(s.error);
  return s.value;
};

describe("setKeys", () => {
  it.each([
    ["segments[1].pd=0.08", ["segments", 1, "pd"], 0.08],
    ["segments.near.pd=0.08", ["segments", 1, "pd"], 0.08],
    ["simulation.seed=abc", ["simulation", "seed"], "abc"],
    ["policy.approval={minScore: 620}", ["policy", "approval"], { minScore: 620 }],
    ["segments.prime.delinquency.roll=[0.3, 0.5]", ["segments", 0, "delinquency", "roll"], [0.3, 0.5]],
  ])("%s sets the key the path names", (raw, path, value) => {
    const set = setKeys(BOOK, "book.yaml", [setting(raw)]);
    expect(set.ok).toBe(true);
    if (!set.ok) return;
    let node: unknown = parse(set.value.text);
    for (const p of path) node = (node as Record<string | number, unknown>)[p];
    expect(node).toEqual(value);
    expect(set.value.text).toContain("# a comment that stays");
  });

  it("keeps a JSON file strict JSON", () => {
    const json = JSON.stringify(parse(BOOK));
    const set = setKeys(json, "book.json", [setting("segments[0].pd=0.03")]);
    expect(set.ok && JSON.parse(set.value.text).segments[0].pd).toBe(0.03);
  });

  it.each([
    ["segments.nosuch.pd=1", 'segments has no item named "nosuch"; allowed: prime, near'],
    ["segments..pd=1", "is not a key path"],
    ["name.first=1", "allowed: a key below a mapping or a list"],
  ])("%s is refused in one line", (raw, why) => {
    const set = setKeys(BOOK, "book.yaml", [setting(raw)]);
    expect(set.ok).toBe(false);
    if (!set.ok) expect(set.error).toContain(why);
  });
});

describe("creditlab --set", () => {
  it("gives the numbers of the file edited to say the same", async () => {
    const file = join(dir, "book.yaml");
    const edited = join(dir, "edited.yaml");
    await writeFile(file, BOOK);
    await writeFile(edited, BOOK.replace("pd: 0.06", "pd: 0.09").replace("paths: 12", "paths: 9"));
    const [set, plain] = await Promise.all([
      cli(["run", file, "--set", "segments.near.pd=0.09", "--set", "simulation.paths=9", "--json", "--workers", "1"]),
      cli(["run", edited, "--json", "--workers", "1"]),
    ]);
    expect(set.code).toBe(0);
    const [a, b] = [JSON.parse(set.stdout), JSON.parse(plain.stdout)];
    expect(a.paths).toBe(9);
    expect(a.variants[0].book).toEqual(b.variants[0].book);
    expect(a.variants[0].segments).toEqual(b.variants[0].segments);
  });

  it("an invalid value is one line naming the setting, exit 2, from run and validate", async () => {
    const file = join(dir, "book2.yaml");
    await writeFile(file, BOOK);
    for (const command of ["run", "validate"]) {
      expect(await cli([command, file, "--set", "segments[0].pd=2"])).toEqual({
        code: 2,
        stdout: "",
        stderr: expect.stringMatching(/^creditlab: --set segments\[0\]\.pd=2: segments\[0\]\.pd: [^\n]+; allowed: [^\n]+\n$/),
      });
    }
    expect(await cli(["run", file, "--set", "pd"])).toEqual({ code: 2, stdout: "", stderr: "creditlab: --set pd: allowed: KEY=VALUE, e.g. --set segments[0].pd=0.04\n" });
  });
});
