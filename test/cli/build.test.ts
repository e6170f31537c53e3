/**
 * The built command line (dist/node, what `bin` starts) against the sources it was built
 * from, run through tsx: the same result files to the byte. And bin/creditlab.js, in a
 * checkout, refuses a build that no longer matches the sources.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, type Ran } from "./runCli.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `node args…` to its end, in `cwd`. */
function node(args: string[], cwd = ROOT): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The command line from its TypeScript sources, as `npm run cli` runs it. */
const fromSource = (args: string[]): Promise<Ran> => node(["--import", "tsx", join(ROOT, "src/cli/bin.ts"), ...args]);

describe("the built command line and the sources", () => {
  it.each([
    ["scenarios/cash-loan-recession.yaml", ["--paths", "40", "--workers", "2", "--samples"]],
    ["scenarios/credit-line-recession.yaml", ["--paths", "20", "--workers", "1", "--seed", "other"]],
    ["scenarios/vasicek-one-period.md", ["--cell", "2", "--paths", "64", "--workers", "3"]],
  ])("%s %j: byte-identical result files", async (file, flags) => {
    const args = ["run", join(ROOT, file), ...flags, "--json"];
    const [built, source] = await Promise.all([cli(args), fromSource(args)]);
    expect(built.code, built.stderr).toBe(0);
    expect(source.code, source.stderr).toBe(0);
    expect(JSON.parse(built.stdout).paths).toBeGreaterThan(0);
    expect(built.stdout === source.stdout).toBe(true);
  });

  it("the same errors for a broken scenario", async () => {
    const dir = await mkdtemp(join(tmpdir(), "creditlab-build-"));
    try {
      const broken = join(dir, "broken.yaml");
      await writeFile(broken, "creditlab: 1\nsegments:\n  - { name: a, accounts: -3, pd: 2 }\n");
      const [built, source] = await Promise.all([cli(["validate", broken]), fromSource(["validate", broken])]);
      expect(built.code).toBe(2);
      expect(built).toEqual(source);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("bin/creditlab.js in a checkout", () => {
  let dir: string;
  let sources: string[];

  // A copy of the checkout's launcher, build and sources, to change without touching the real ones.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "creditlab-stale-"));
    const stamp = JSON.parse(await readFile(join(ROOT, "dist/node/build.json"), "utf8")) as { sources: { file: string }[] };
    sources = stamp.sources.map((s) => s.file);
    await cp(join(ROOT, "bin"), join(dir, "bin"), { recursive: true });
    await cp(join(ROOT, "dist/node"), join(dir, "dist/node"), { recursive: true });
    for (const file of sources) await cp(join(ROOT, file), join(dir, file), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const launch = (...args: string[]) => node([join(dir, "bin/creditlab.js"), ...args], dir);

  it("runs the build while it matches the sources", async () => {
    expect(sources).toContain("src/cli/main.ts");
    expect(sources).toContain("workers/node.ts");
    const copy = await launch("validate", join(ROOT, "scenarios/npl-reduction.yaml"));
    expect(copy).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
  });

  it("refuses a build older than a source, and a missing build, naming the command that rebuilds it", async () => {
    const file = join(dir, "src/run/pool.ts");
    await writeFile(file, `${await readFile(file, "utf8")}\n// edited\n`);
    expect(await launch("--version")).toEqual({
      code: 1,
      stdout: "",
      stderr: "creditlab: src/run/pool.ts changed since the last build; run `npm run build:node` (or `npm install`) first\n",
    });
    await rm(join(dir, "dist/node/build.json"));
    expect((await launch("--version")).stderr).toBe(
      "creditlab: there is no build in dist/node; run `npm run build:node` (or `npm install`) first\n",
    );
  });
});
