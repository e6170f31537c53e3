/**
 * deploy/slurm for real: a one-node Slurm cluster on this machine (munged, slurmctld and
 * slurmd on localhost, from a config generated here). deploy/slurm/README.md's ```sh
 * blocks are run as written, in one bash from the checkout's root (all but `npm ci`,
 * which made this checkout): they submit the 4-task job array and its afterok merge job
 * with deploy/slurm/submit.sh, wait for them, and compare the merged result file with a
 * single `npx creditlab run`, byte for byte; the test checks the same again. submit.sh
 * must refuse a missing or invalid scenario with nothing queued. Needs root and Debian's
 * slurm-wlm and munge (.ci/run installs them); elsewhere it is skipped with the reason printed.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, watch } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runCli.ts";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const SUBMIT = join(ROOT, "deploy/slurm/submit.sh");
const README = join(ROOT, "deploy/slurm/README.md");
const DAEMONS = ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd"];
const CLIENTS = ["sbatch", "sinfo", "scontrol"];

function whyNot(): string | null {
  if (process.platform !== "linux") return "Slurm runs on Linux only";
  if (process.getuid?.() !== 0) return "starting slurmctld and slurmd needs root";
  const missing = DAEMONS.filter((d) => !existsSync(d));
  if (missing.length > 0) return `${missing.join(", ")} missing: apt-get install slurm-wlm munge`;
  return null;
}
const skip = whyNot();
if (skip) console.log(`deploy/slurm test skipped: ${skip}`);

const SCENARIO = `creditlab: 1
name: Slurm-sharded book
simulation: { paths: 42, horizonMonths: 6, seed: cluster }
segments:
  - { name: prime, accounts: 500, pd: 0.03, apr: 0.18 }
  - { name: subprime, accounts: 300, pd: 0.1, apr: 0.28 }
variants:
  - name: collect
    policy: { collections: { rollReduction: 0.2, costPerAccountMonth: 10 } }
`;

/** A TCP port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves when `name` in folder `folder` exists and its text passes `ready`: checked now,
 * then on every change the file system reports in the folder (inotify), never on a clock.
 */
function whenFile(folder: string, name: string, ready?: (text: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(folder);
    const path = join(folder, name);
    // A socket has no text to read: without `ready`, being there is enough.
    const present = async () => (ready ? ready((await readFile(path, "utf8").catch(() => null)) ?? "") && existsSync(path) : existsSync(path));
    const check = async () => {
      if (await present()) {
        watcher.close();
        resolve();
      }
    };
    watcher.on("change", (_, changed) => {
      if (changed === name) void check();
    });
    watcher.on("error", reject);
    void check();
  });
}

let dir: string;
const daemons: ChildProcess[] = [];
let env: NodeJS.ProcessEnv;

function start(command: string, args: string[]): void {
  const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  child.on("exit", (code) => {
    if (code !== 0 && code !== null) console.error(`${command} exited ${code}: ${err.trim()}`);
  });
  daemons.push(child);
}

async function slurmConf(): Promise<string> {
  const host = hostname().split(".")[0];
  const { stdout } = await run("/usr/sbin/slurmd", ["-C"]);
  const node = stdout.split("\n")[0]; // NodeName=… CPUs=… RealMemory=…
  const [ctld, slurmd] = [await freePort(), await freePort()];
  return [
    "ClusterName=creditlab-test",
    `SlurmctldHost=${host}(127.0.0.1)`,
    `SlurmctldPort=${ctld}`,
    `SlurmdPort=${slurmd}`,
    "SlurmUser=root",
    "SlurmdUser=root",
    "AuthType=auth/munge",
    `AuthInfo=socket=${dir}/munge/munge.socket`,
    "CredType=cred/munge",
    `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`,
    `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/slurmctld.log`,
    `SlurmdLogFile=${dir}/slurmd.log`,
    `PlugStackConfig=${dir}/plugstack.conf`,
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "MpiDefault=none",
    "ReturnToService=2",
    "SchedulerType=sched/backfill",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_Core_Memory",
    "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none",
    "MinJobAge=3600",
    `${node} NodeAddr=127.0.0.1 State=UNKNOWN`,
    `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    "",
  ].join("\n");
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE"]);

/** Every state of job `id` (an array job has one per task) once all are terminal, else null. */
async function finalStates(id: string): Promise<string[] | null> {
  const { stdout } = await run("scontrol", ["show", "job", "-o", id], { env });
  const states = [...stdout.matchAll(/JobState=(\w+)/g)].map((m) => m[1]);
  return states.length > 0 && states.every((s) => TERMINAL.has(s)) ? states : null;
}

describe.skipIf(skip !== null)("deploy/slurm on a one-node Slurm cluster", () => {
  const started = performance.now();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "creditlab-slurm-"));
    // munged wants its socket's folders open to all and its key readable by root alone.
    await chmod(dir, 0o755);
    for (const sub of ["munge", "key", "state", "spool", "chunks"]) await mkdir(join(dir, sub), { mode: 0o755 });
    await chmod(join(dir, "key"), 0o700);
    await writeFile(join(dir, "key", "munge.key"), randomBytes(1024), { mode: 0o400 });
    await writeFile(join(dir, "plugstack.conf"), "");
    // A login shell's environment: no CREDITLAB, nothing of this checkout's on PATH, and a
    // home of its own (the README's run folder is under it). npm's scripts are off: with an
    // empty npm cache in that home, the README's `npx creditlab` ran the package's `prepare`,
    // which rebuilt this checkout's dist/node, and a command-line test running beside this
    // file found no build to start for that moment.
    const PATH = (process.env.PATH ?? "").split(":").filter((p) => !p.includes("node_modules")).join(":");
    await mkdir(join(dir, "home"), { mode: 0o755 });
    env = { PATH, HOME: join(dir, "home"), SLURM_CONF: join(dir, "slurm.conf"), LANG: "C.UTF-8", npm_config_ignore_scripts: "true" };
    await writeFile(join(dir, "slurm.conf"), await slurmConf());

    const m = join(dir, "munge");
    start("/usr/sbin/munged", ["-F", `--key-file=${dir}/key/munge.key`, `--socket=${m}/munge.socket`, `--pid-file=${m}/munged.pid`, `--log-file=${m}/munged.log`, `--seed-file=${m}/munged.seed`]);
    await whenFile(m, "munge.socket");
    // Each daemon says in its log when it is up; the node then registers, and jobs queue for it.
    start("/usr/sbin/slurmctld", ["-D", "-i", "-f", env.SLURM_CONF!]);
    await whenFile(dir, "slurmctld.log", (log) => log.includes("Running as primary controller"));
    start("/usr/sbin/slurmd", ["-D", "-f", env.SLURM_CONF!]);
    await whenFile(dir, "slurmd.log", (log) => log.includes("started on"));
  });

  afterAll(async () => {
    await Promise.all(
      daemons.reverse().map(
        (d) =>
          new Promise<void>((resolve) => {
            if (d.exitCode !== null || d.signalCode !== null) return resolve();
            d.once("exit", () => resolve());
            d.kill("SIGTERM");
          }),
      ),
    );
    console.log(`deploy/slurm test: ${((performance.now() - started) / 1000).toFixed(1)} s from the daemons' start to their stop`);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** How many jobs the controller knows, whatever their state. */
  async function jobCount(): Promise<number> {
    const { stdout } = await run("scontrol", ["show", "jobs", "-o"], { env });
    return [...stdout.matchAll(/^JobId=/gm)].length;
  }

  it("submit.sh refuses a missing or an invalid scenario with exit status 2, queuing nothing", async () => {
    const before = await jobCount();
    const refused = async (scenario: string) => {
      const r = await run(SUBMIT, [scenario, "4", join(dir, "refused"), join(dir, "refused", "result.json")], { env, cwd: ROOT }).then(
        () => ({ code: 0, stderr: "" }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(r.code).toBe(2);
      return r.stderr;
    };
    expect(await refused("nosuch.yaml")).toContain("no scenario file nosuch.yaml: nothing submitted");
    await writeFile(join(dir, "bad.yaml"), SCENARIO.replace("pd: 0.03", "pd: 3"));
    const bad = await refused(join(dir, "bad.yaml"));
    expect(bad).toContain("segments[0].pd: 3 is out of range");
    expect(bad).toContain("is not a valid scenario (above): nothing submitted");
    expect(await jobCount()).toBe(before);
    expect(existsSync(join(dir, "refused"))).toBe(false);
  });

  it("the README's commands run a 4-task array and its afterok merge job whose result is the single run's, byte for byte", async () => {
    const text = await readFile(README, "utf8");
    const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    expect(blocks[0]).toBe("npm ci"); // done: this checkout is installed
    // Between the submit block and the rest, the merge job's dependency, while it waits.
    const script = [blocks[1], `scontrol show job -o "$merge" | grep -o 'Dependency=[^ ]*'`, ...blocks.slice(2)].join("\n");
    expect(script).toContain("deploy/slurm/submit.sh");
    // The README's own variables, printed at the end for the checks below.
    const shell = await run("bash", ["-c", `set -euo pipefail\n${script}\necho "ids: $array $merge run: $RUN"`], { env, cwd: ROOT, maxBuffer: 16 << 20 }).catch(
      (e: { code: number; stdout: string; stderr: string }) => {
        throw new Error(`README commands exited ${e.code}\n${e.stdout}\n${e.stderr}`);
      },
    );
    expect(shell.stdout).toContain("the merged result is the single run's");
    const [, array, merge, folder] = shell.stdout.match(/ids: (\d+) (\d+) run: (\S+)/)!;
    expect(folder).toBe(join(dir, "home", "creditlab-runs", "run1"));
    expect(shell.stdout).toContain(`Dependency=afterok:${array}`);
    const logs = async (name: string) => readFile(join(folder, name), "utf8").catch(() => "(no log)");
    expect(await finalStates(array), await logs("shard-1.log")).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
    expect(await finalStates(merge), await logs("merge.log")).toEqual(["COMPLETED"]);
    for (let i = 1; i <= 4; i++) expect(await logs(`shard-${i}.log`)).toContain(`shard-${i}-of-4.chunk: paths ${Math.floor(((i - 1) * 400) / 4)}–`);

    // The same comparison, made here with the checkout's command line.
    const scenario = join(ROOT, "scenarios/data/stress-on-tape.yaml");
    const single = await cli(["run", scenario, "--paths", "400", "--out", join(dir, "single.json")]);
    expect(single.code, single.stderr).toBe(0);
    const merged = await readFile(join(folder, "result.json"));
    expect(merged.equals(await readFile(join(dir, "single.json")))).toBe(true);
    expect(JSON.parse(merged.toString()).paths).toBe(400);
  });
});
