/**
 * deploy/kubernetes/Dockerfile, built without a container engine (there is none here, and
 * no registry): its build stage is replayed in a temporary folder (COPY from the checkout,
 * `npm ci` stood in for by the checkout's node_modules, installed from the same lock file,
 * and every other RUN run as written), then the final stage's file tree is made from
 * exactly what that stage COPYs, and its RUN steps and entry command are run there with
 * PATH holding only the tree's /usr/local/bin (the base image's node linked into it), as
 * the image's USER when the test runs as root. Nothing outside the copied tree is on any
 * path node searches, so a file the final stage forgets fails the run.
 */
import { execFile, type ExecFileOptions } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, stat, symlink } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runCli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const DOCKERFILE = join(ROOT, "deploy/kubernetes/Dockerfile");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; engines: { node: string } };

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  steps: Instruction[];
}

/** The Dockerfile's stages: comments dropped, `\` continuations joined. */
function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = line.match(/^(\w+)\s+(.*)$/)!;
    if (op.toUpperCase() === "FROM") {
      const [, from, name] = args.match(/^(\S+)(?:\s+AS\s+(\S+))?$/i)!;
      stages.push({ from, name, steps: [] });
    } else stages.at(-1)!.steps.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

interface Copy {
  from?: string;
  sources: string[];
  dest: string;
}
function parseCopy(args: string): Copy {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith("--"));
  const rest = words.filter((w) => !w.startsWith("--"));
  for (const f of flags) if (!/^--from=/.test(f)) throw new Error(`COPY ${f}: not reproduced by this test`);
  return { from: flags.find((f) => f.startsWith("--from="))?.slice(7), sources: rest.slice(0, -1), dest: rest.at(-1)! };
}

const run = (file: string, args: string[], options: ExecFileOptions) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { ...options, encoding: "utf8", maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });

/** A folder standing in for one stage's root file system. */
class Tree {
  workdir = "/";
  constructor(readonly root: string) {}
  /** The real path of `path` inside the image (relative paths from WORKDIR). */
  at(path: string): string {
    return join(this.root, posix.resolve(this.workdir, path));
  }
}

let dir: string;
let stages: Stage[];
let image: Tree;
let user: { uid: number; gid: number } | undefined;
let entry: string[];
let cmd: string[];
let imageEnv: NodeJS.ProcessEnv;
const asRoot = process.getuid?.() === 0;

/** Runs a command in the image's tree, as the image's USER when the test can switch to it. */
function inImage(argv: string[], cwd: string) {
  const id = asRoot && user ? user : {};
  return run(argv[0], argv.slice(1), { env: imageEnv, cwd, ...id });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-image-"));
  // Every folder on the way down must be open to the image's user.
  await chmod(dir, 0o755);
  stages = parseDockerfile(await readFile(DOCKERFILE, "utf8"));
  const built = new Map<string, Tree>();

  // The build stage(s), replayed.
  for (const [i, stage] of stages.slice(0, -1).entries()) {
    const tree = new Tree(join(dir, `stage-${i}`));
    await mkdir(tree.root);
    for (const { op, args } of stage.steps) {
      if (op === "WORKDIR") {
        tree.workdir = posix.resolve(tree.workdir, args);
        await mkdir(tree.at("."), { recursive: true });
      } else if (op === "COPY") {
        const c = parseCopy(args);
        if (c.from) throw new Error("COPY --from in a build stage: not reproduced by this test");
        for (const s of c.sources) await cp(join(ROOT, s), c.sources.length > 1 || c.dest.endsWith("/") ? join(tree.at(c.dest), s) : tree.at(c.dest), { recursive: true });
      } else if (op === "RUN" && /^npm ci\b/.test(args)) {
        // The dev dependencies are what the build needs: every dependency is one.
        expect(args).not.toMatch(/--omit[= ]dev|--production/);
        await symlink(join(ROOT, "node_modules"), tree.at("node_modules"));
      } else if (op === "RUN") {
        const r = await run("/bin/sh", ["-c", args], { cwd: tree.at("."), env: process.env });
        expect(r.code, `${args}\n${r.stderr}`).toBe(0);
      } else throw new Error(`${op} in a build stage: not reproduced by this test`);
    }
    built.set(stage.name ?? String(i), tree);
  }

  // The final stage: only what it COPYs, plus the base image's node.
  const final = stages.at(-1)!;
  image = new Tree(join(dir, "image"));
  await mkdir(join(image.root, "usr/local/bin"), { recursive: true, mode: 0o755 });
  await symlink(process.execPath, join(image.root, "usr/local/bin/node"));
  imageEnv = { PATH: join(image.root, "usr/local/bin"), HOME: "/nonexistent" };
  for (const { op, args } of final.steps) {
    if (op === "WORKDIR") {
      image.workdir = posix.resolve(image.workdir, args);
      await mkdir(image.at("."), { recursive: true, mode: 0o755 });
    } else if (op === "COPY") {
      const c = parseCopy(args);
      const from = c.from === undefined ? null : built.get(c.from);
      if (from === undefined) throw new Error(`COPY --from=${c.from}: no such stage`);
      for (const s of c.sources) {
        const source = from ? from.at(s) : join(ROOT, s);
        expect(existsSync(source), `COPY ${args}: ${s} does not exist`).toBe(true);
        await cp(source, c.sources.length > 1 || c.dest.endsWith("/") ? join(image.at(c.dest), posix.basename(s)) : image.at(c.dest), { recursive: true, dereference: true });
      }
    } else if (op === "RUN") {
      for (const command of args.split("&&").map((c) => c.trim().split(/\s+/))) {
        if (command[0] === "ln" && command[1] === "-s" && command.length === 4) {
          const link = image.at(command[3]);
          await symlink(relative(dirname(link), image.at(command[2])), link);
        } else {
          // Any other command runs in the tree, found on the tree's PATH alone.
          const r = await inImage(command, image.at("."));
          expect(r.code, `RUN ${command.join(" ")}: ${r.stderr}`).toBe(0);
        }
      }
    } else if (op === "USER") {
      const [uid, gid] = args.split(":").map(Number);
      expect(Number.isInteger(uid) && uid > 0, "USER must be a numeric, non-root uid for runAsNonRoot").toBe(true);
      user = { uid, gid: gid ?? uid };
    } else if (op === "ENTRYPOINT") entry = JSON.parse(args);
    else if (op === "CMD") cmd = JSON.parse(args);
    else throw new Error(`${op} in the final stage: not reproduced by this test`);
  }
  // The tree is owned by the test's user: the image's files must be readable by anyone.
  const open = run("chmod", ["-R", "a+rX", image.root], {});
  expect((await open).code).toBe(0);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("deploy/kubernetes/Dockerfile", () => {
  it("is two stages: a build on the same Node image, then a final stage that copies the bundle and no node_modules", () => {
    expect(stages.length).toBe(2);
    const [build, final] = stages;
    expect(final.from).toBe(build.from);
    const major = Number(final.from.match(/^node:(\d+)/)![1]);
    const engines = Number(PKG.engines.node.match(/\d+/)![0]);
    expect(major).toBeGreaterThanOrEqual(engines);
    const copies = final.steps.filter((s) => s.op === "COPY").flatMap((s) => parseCopy(s.args).sources);
    expect(copies.some((s) => s.endsWith("dist/node"))).toBe(true);
    expect(copies.some((s) => /node_modules|src|workers/.test(s))).toBe(false);
    expect(existsSync(image.at("node_modules"))).toBe(false);
    expect(existsSync(image.at("src"))).toBe(false);
  });

  it("the build context leaves out the checkout's node_modules and dist", async () => {
    const ignored = (await readFile(`${DOCKERFILE}.dockerignore`, "utf8")).split("\n").map((l) => l.trim());
    expect(ignored).toContain("node_modules");
    expect(ignored).toContain("dist");
  });

  it("the entry command, creditlab on the tree's PATH, prints the package's version as the image's user", async () => {
    expect(entry).toEqual(["creditlab"]);
    expect(cmd).toEqual(["--help"]);
    expect(user).toBeDefined();
    if (!asRoot) console.log("dockerfile test: not root, so the image's entry runs as this user, not as its USER");
    const version = await inImage([...entry, "--version"], image.at("."));
    expect(version.stderr).toBe("");
    expect(version.stdout.trim()).toBe(PKG.version);
    const help = await inImage([...entry, ...cmd], image.at("."));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^creditlab \d/);
  });

  it("runs a scenario with a loan tape in the image's tree, writing the checkout's result byte for byte", async () => {
    // A folder standing in for a mounted volume the image's user can write.
    const data = join(image.root, "data");
    await mkdir(data, { mode: 0o777 });
    await chmod(data, 0o777);
    for (const f of ["stress-on-tape.yaml", "tape.csv"]) await cp(join(ROOT, "scenarios/data", f), join(data, f));
    const args = ["run", join(data, "stress-on-tape.yaml"), "--paths", "12", "--workers", "2"];
    const inside = await inImage([...entry, ...args, "--out", join(data, "result.json")], image.at("."));
    expect(inside.code, inside.stderr).toBe(0);
    if (asRoot) expect((await stat(join(data, "result.json"))).uid).toBe(user!.uid);
    const outside = await cli([...args, "--out", join(dir, "checkout.json")]);
    expect(outside.code, outside.stderr).toBe(0);
    expect((await readFile(join(data, "result.json"))).equals(await readFile(join(dir, "checkout.json")))).toBe(true);
  });
});
