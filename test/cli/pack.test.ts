/**
 * The package as a user installs it: `npm pack` gives a tarball that installs into an
 * empty prefix with nothing but itself (no TypeScript, Vite, tsx or test tools), and its
 * `creditlab` runs a scenario the package ships, with the checkout's numbers.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, type Ran } from "./runCli.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** This process's environment without npm's own settings, as in a plain shell. */
const plainEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function run(file: string, args: string[], cwd = ROOT): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: plainEnv(), maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Every directory name under `dir`, at any depth. */
async function directories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

describe("the packed tarball", () => {
  let dir: string;
  let prefix: string;
  let files: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "creditlab-pack-"));
    prefix = join(dir, "prefix");
    // The tests' set-up has just built dist/node; the tarball takes that build.
    const packed = await run(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir]);
    if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    files = info.files.map((f) => f.path);
    const installed = await run(NPM, ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", join(dir, info.filename)], dir);
    if (installed.code !== 0) throw new Error(`npm install of the tarball failed: ${installed.stderr}`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("holds the built program, the scenarios and the format's docs, and no sources", () => {
    for (const file of ["bin/creditlab.js", "dist/node/creditlab.js", "dist/node/worker.js", "README.md", "public/scenario-format.md", "scenarios/welcome.md"]) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.startsWith("src/") || f.startsWith("test/") || f.endsWith(".ts"))).toEqual([]);
  });

  it("installs nothing but itself: no TypeScript, Vite, vitest or tsx", async () => {
    expect(await readdir(join(prefix, "lib/node_modules"))).toEqual(["creditlab"]);
    const names = await directories(join(prefix, "lib/node_modules/creditlab"));
    expect(names).not.toContain("node_modules");
    for (const tool of ["typescript", "vite", "vitest", "tsx", "esbuild"]) expect(names).not.toContain(tool);
  });

  it("runs a scenario it ships, with the same result file as the checkout", async () => {
    const scenario = join(prefix, "lib/node_modules/creditlab/scenarios/npl-reduction.yaml");
    const args = ["run", scenario, "--paths", "40", "--workers", "2", "--json"];
    const [installed, checkout] = await Promise.all([run(join(prefix, "bin/creditlab"), args, dir), cli(args)]);
    expect(installed.code, installed.stderr).toBe(0);
    expect(JSON.parse(installed.stdout).paths).toBe(40);
    expect(installed.stdout === checkout.stdout).toBe(true);
  });
});
