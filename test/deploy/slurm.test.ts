/**
 * deploy/slurm for real: a one-node Slurm cluster on this machine (munged, slurmctld and
 * slurmd on localhost, from a config generated here), the 4-task job array and its
 * afterok merge job submitted by deploy/slurm/submit.sh, and the merged result file
 * compared byte for byte with a single `creditlab run`. Needs root and Debian's slurm-wlm
 * and munge (.ci/run installs them); elsewhere it is skipped with the reason printed.
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
import { BIN, cli } from "../cli/runCli.ts";

const run = promisify(execFile);
const SUBMIT = new URL("../../deploy/slurm/submit.sh", import.meta.url).pathname;
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
    env = { ...process.env, SLURM_CONF: join(dir, "slurm.conf"), CREDITLAB: `${process.execPath} ${BIN}` };
    await writeFile(join(dir, "slurm.conf"), await slurmConf());
    await writeFile(join(dir, "book.yaml"), SCENARIO);

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

  it("a 4-task array and its afterok merge job write the single run's result file, byte for byte", async () => {
    const book = join(dir, "book.yaml");
    const submitted = await run(SUBMIT, [book, "4", join(dir, "chunks"), join(dir, "result.json"), "--cpus-per-task=1", "--mem=1G"], { env });
    const [array, merge] = submitted.stdout.trim().split(" ");
    expect(array).toMatch(/^\d+$/);
    expect(merge).toMatch(/^\d+$/);
    const dependency = (await run("scontrol", ["show", "job", "-o", merge], { env })).stdout;
    expect(dependency).toMatch(new RegExp(`Dependency=afterok:${array}`));

    // Waits for the merge job to end, whatever its end (afterany): srun is granted its
    // allocation by the controller only then, and returns once `true` has run in it.
    const waited = await run("srun", [`--dependency=afterany:${merge}`, "--quiet", "true"], { env });
    expect(waited.stderr).toBe("");
    const mergeState = await finalStates(merge);
    const arrayStates = await finalStates(array);
    const logs = async (name: string) => readFile(join(dir, "chunks", name), "utf8").catch(() => "(no log)");
    expect(arrayStates, await logs("shard-1.log")).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
    expect(mergeState, await logs("merge.log")).toEqual(["COMPLETED"]);
    for (let i = 1; i <= 4; i++) expect(await logs(`shard-${i}.log`)).toContain(`shard-${i}-of-4.chunk: paths`);

    const single = await cli(["run", book, "--out", join(dir, "single.json")]);
    expect(single.code, single.stderr).toBe(0);
    const merged = await readFile(join(dir, "result.json"));
    expect(merged.equals(await readFile(join(dir, "single.json")))).toBe(true);
    expect(JSON.parse(merged.toString()).paths).toBe(42);
  });
});
