/**
 * `creditlab run --shard I/N --chunk-out` and `creditlab merge`, spawned as a user runs
 * them: the merged result file is the single run's, byte for byte, and every refusal is a
 * line of its own with exit status 2.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./runCli.ts";

const SCENARIO = `creditlab: 2
name: Sharded book
simulation: { paths: 37, horizonMonths: 5, seed: shards }
segments:
  - { name: prime, accounts: 400, missRate: 0.03, apr: 0.18 }
  - { name: subprime, accounts: 250, missRate: 0.1, apr: 0.28 }
variants:
  - name: collect
    policy: { collections: { rollReduction: 0.2, costPerAccountMonth: 10 } }
`;

let dir: string;
let scenario: string;
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-merge-"));
  scenario = at("book.yaml");
  await writeFile(scenario, SCENARIO);
  const single = await cli(["run", scenario, "--out", at("single.json"), "--samples", "--workers", "2"]);
  expect(single.code).toBe(0);
  // Three shards of 12, 12 and 13 paths, on different worker counts.
  for (const [i, workers] of [[1, "1"], [2, "2"], [3, "1"]] as const) {
    const shard = await cli(["run", scenario, "--shard", `${i}/3`, "--chunk-out", at(`s${i}.chunk`), "--workers", workers]);
    expect(shard.code, shard.stderr).toBe(0);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("creditlab run --shard", () => {
  it("says which paths it wrote", async () => {
    const { code, stdout } = await cli(["run", scenario, "--shard", "2/3", "--chunk-out", at("again.chunk")]);
    expect(code).toBe(0);
    // ⌊37/3⌋ = 12, ⌊2·37/3⌋ = 24.
    expect(stdout).toMatch(new RegExp(`^${at("again.chunk")}: paths 12–23 of 37 \\(12 paths, [\\d,]+ bytes\\)\\n$`));
    expect(await readFile(at("again.chunk"))).toEqual(await readFile(at("s2.chunk")));
  });

  it.each([
    [["--shard", "1/3"], "--shard needs --chunk-out FILE"],
    [["--shard", "0/3", "--chunk-out", "x"], "--shard must be I/N"],
    [["--shard", "3", "--chunk-out", "x"], "--shard must be I/N"],
    [["--shard", "1/38", "--chunk-out", "x"], "--shard 1/38: 37 paths make at most 37 shards"],
    [["--chunk-out", "x", "--out", "y.json"], "--out is not for a chunk"],
    [["--chunk-out", "/no/such/folder/x.chunk"], "--chunk-out /no/such/folder/x.chunk: the folder /no/such/folder does not exist; allowed: a file name, in an existing folder"],
  ])("refuses %j before running, exit 2", async (flags, message) => {
    const { code, stderr, stdout } = await cli(["run", scenario, ...flags]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(stderr).toContain(message);
  });
});

describe("creditlab merge", () => {
  it("writes the single run's result file byte for byte, whatever the order of the chunks", async () => {
    const { code } = await cli(["merge", at("s3.chunk"), at("s1.chunk"), at("s2.chunk"), "--samples", "--out", at("merged.json")]);
    expect(code).toBe(0);
    expect((await readFile(at("merged.json"))).equals(await readFile(at("single.json")))).toBe(true);
  });

  it("prints the result file with --json and the summary without", async () => {
    const json = await cli(["merge", at("s1.chunk"), at("s2.chunk"), at("s3.chunk"), "--samples", "--json"]);
    expect(json.stdout).toBe(await readFile(at("single.json"), "utf8"));
    const summary = await cli(["merge", at("s1.chunk"), at("s2.chunk"), at("s3.chunk")]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain("Sharded book");
    expect(summary.stdout).toContain("3 chunk files");
  });

  it("names the missing range and writes nothing, exit 2", async () => {
    const { code, stderr } = await cli(["merge", at("s1.chunk"), at("s3.chunk"), "--out", at("none.json")]);
    expect(code).toBe(2);
    expect(stderr).toBe("creditlab: missing paths 12–23 of the run: no chunk file holds them\ncreditlab: merge refused: 1 problem, nothing written\n");
    await expect(readFile(at("none.json"))).rejects.toThrow();
  });

  it("refuses chunks of another seed, an overlap and a damaged file, one line each", async () => {
    const other = await cli(["run", scenario, "--seed", "9", "--shard", "2/3", "--chunk-out", at("seed9.chunk")]);
    expect(other.code).toBe(0);
    const wide = await cli(["run", scenario, "--shard", "1/2", "--chunk-out", at("half.chunk")]);
    expect(wide.code).toBe(0);
    const bytes = await readFile(at("s3.chunk"));
    bytes[bytes.length - 100] ^= 1;
    await writeFile(at("flipped.chunk"), bytes);

    const seed = await cli(["merge", at("s1.chunk"), at("seed9.chunk"), at("s3.chunk")]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain(`creditlab: ${at("seed9.chunk")}: seed 9 differs from ${at("s1.chunk")}'s "shards"\n`);

    const overlap = await cli(["merge", at("half.chunk"), at("s2.chunk"), at("s3.chunk")]);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toContain(`${at("s2.chunk")} (paths 12–23) overlaps ${at("half.chunk")} (paths 0–17) on paths 12–17`);

    const damaged = await cli(["merge", at("s1.chunk"), at("s2.chunk"), at("flipped.chunk"), at("nope.chunk"), scenario]);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr.split("\n").filter(Boolean)).toEqual([
      `creditlab: ${at("flipped.chunk")}: damaged: its SHA-256 does not match its contents (cut short or altered)`,
      `creditlab: no such file: ${at("nope.chunk")}`,
      `creditlab: ${scenario}: not a creditlab chunk file (it does not start with CLCHUNK1)`,
      "creditlab: merge refused: 3 problems, nothing written",
    ]);
  });

  it("needs chunk files", async () => {
    const { code, stderr } = await cli(["merge"]);
    expect(code).toBe(2);
    expect(stderr).toContain("merge needs one or more CHUNK files");
  });
});

describe("chunks signed with a shared key (--key-file)", () => {
  it("merge takes them with the key, byte for byte the single run, and refuses them without it, with another key, or unsigned", async () => {
    await writeFile(at("k1"), Buffer.from("0123456789abcdef0123456789abcdef"));
    await writeFile(at("k2"), Buffer.from("fedcba9876543210fedcba9876543210"));
    for (const i of [1, 2, 3]) {
      const shard = await cli(["run", scenario, "--shard", `${i}/3`, "--chunk-out", at(`k${i}.chunk`), "--key-file", at("k1")]);
      expect(shard.code, shard.stderr).toBe(0);
    }
    const signed = [at("k1.chunk"), at("k2.chunk"), at("k3.chunk")];
    expect((await cli(["merge", ...signed, "--key-file", at("k1"), "--samples", "--out", at("keyed.json")])).code).toBe(0);
    expect(await readFile(at("keyed.json"), "utf8")).toBe(await readFile(at("single.json"), "utf8"));

    const without = await cli(["merge", ...signed]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain(`creditlab: ${at("k1.chunk")}: carries a keyed MAC (hmac-sha256); allowed: merge it with --key-file, the key it was written with`);
    const other = await cli(["merge", ...signed, "--key-file", at("k2")]);
    expect(other.stderr).toContain(`creditlab: ${at("k1.chunk")}: not made with this key`);
    // An unsigned chunk (its plain digest anyone can recompute) is refused where a key is required.
    const unsigned = await cli(["merge", at("s1.chunk"), at("s2.chunk"), at("s3.chunk"), "--key-file", at("k1")]);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain(`creditlab: ${at("s1.chunk")}: not made with this key`);
  });

  it("a key shorter than 16 bytes is refused before the run", async () => {
    await writeFile(at("short"), "secret");
    expect(await cli(["run", scenario, "--shard", "1/3", "--chunk-out", at("x.chunk"), "--key-file", at("short")])).toEqual({
      code: 2,
      stdout: "",
      stderr: `creditlab: --key-file ${at("short")} holds 6 bytes; allowed: a key of 16 to 4096 bytes, e.g. head -c 32 /dev/urandom > ${at("short")}\n`,
    });
  });
});
