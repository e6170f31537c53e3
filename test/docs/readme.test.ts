/**
 * Every code block of the README that a reader pastes runs, as pasted, in a folder laid
 * out as a fresh clone (the repository's files, its installed packages and built command
 * line), with bash's `-e -o pipefail`: a command that fails fails the test. The quick
 * start's two commands are the two this suite is: `.ci/run` ends with the README's test
 * command, and the browser tests serve the production build that `npm start` serves in
 * development.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
/** What a clone holds that the README's commands read: the package, its command line and the shipped files. */
/** Copied, not linked: npm reads the package from the folder it runs in. */
const COPIED = ["package.json", "package-lock.json"];
/** Beside the tracked files, what `npm install` leaves in a clone: the packages and the built command line. */
const INSTALLED = ["node_modules", "dist"];

interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
}

async function blocks(): Promise<Block[]> {
  const text = await readFile(join(ROOT, "README.md"), "utf8");
  const found: Block[] = [];
  const fence = /^```([\w-]*)\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(fence)) found.push({ line: text.slice(0, m.index).split("\n").length, lang: m[1], code: m[2] });
  return found;
}

/**
 * npm's scripts are off in the clone: its first `npx creditlab` ran the package's `prepare`,
 * whose build (scripts/buildNode.mjs, found through the link to the real scripts/) rewrote the
 * checkout's own dist/node. For that moment a command-line test running beside this file found
 * no build to start, and failed. The commands run as pasted, on the build the suite made.
 */
const ENV = { ...process.env, NO_COLOR: "1", npm_config_ignore_scripts: "true" };

function bash(code: string, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-e", "-o", "pipefail", "-c", code], { cwd, maxBuffer: 64 << 20, env: ENV }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, output: stdout + stderr }),
    );
  });
}

describe("README code blocks", async () => {
  const all = await blocks();
  const quickStart = all[0];
  const pasted = all.filter((b) => b.lang === "sh" && b !== quickStart);
  let clone = "";

  beforeAll(async () => {
    clone = await mkdtemp(join(tmpdir(), "creditlab-readme-"));
    const tracked = await readdir(ROOT);
    const linked = [...tracked.filter((n) => !n.startsWith(".") && !COPIED.includes(n) && !INSTALLED.includes(n)), ...INSTALLED];
    for (const name of linked) await symlink(join(ROOT, name), join(clone, name));
    for (const name of COPIED) await copyFile(join(ROOT, name), join(clone, name));
  });
  afterAll(() => rm(clone, { recursive: true, force: true }));

  it("the quick start installs and starts the notebook, and its test command is what .ci/run runs", async () => {
    const commands = quickStart.code.split("\n").map((l) => l.replace(/#.*$/, "").trim()).filter(Boolean);
    expect(commands).toEqual(["npm install && npm start", "npm test"]);
    const ci = (await readFile(join(ROOT, ".ci/run"), "utf8")).trim().split("\n");
    expect(ci.at(-1)).toBe("npm test");
    const scripts = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.start).toMatch(/^vite\b/);
  });

  it("the README has blocks to paste", () => {
    expect(pasted.length).toBeGreaterThanOrEqual(3);
  });

  for (const block of pasted) {
    it(`the sh block at README.md:${block.line} runs as pasted`, async () => {
      const ran = await bash(block.code, clone);
      if (ran.code !== 0) throw new Error(`README.md:${block.line} exited ${ran.code}:\n${ran.output.slice(-2000)}`);
    });
  }
});
