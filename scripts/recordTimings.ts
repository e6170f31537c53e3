/**
 * `npm run timings`: runs every shipped scenario and notebook cell on one worker with the
 * built command line, three times each, and records the median CPU seconds (user + system,
 * from `/usr/bin/time`) of each in test/ui/state/timings.json. The run-time estimate's cost
 * model (src/ui/state/runEstimate.ts) is checked against these figures by
 * test/ui/state/runEstimate.test.ts. CPU time, not wall time, since what other programs
 * on the machine take does not change it much.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import { shippedRuns } from "./shippedRuns.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const OUT = join(ROOT, "test/ui/state/timings.json");
const RUNS = Number(process.env.RUNS ?? 3);
/** The command line timed: this checkout's, or another build's (CREDITLAB_BIN) to time it on the same files. */
const BIN = process.env.CREDITLAB_BIN ?? join(ROOT, "bin/creditlab.js");

interface Timing {
  /** The file, relative to the repository, and the scenario cell (1-based) of a notebook. */
  file: string;
  cell: number | null;
  cpuSeconds: number;
}

function cpuSeconds(args: string[]): number {
  const ran = spawnSync("/usr/bin/time", ["-f", "%U %S", process.execPath, BIN, ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  if (ran.status !== 0) throw new Error(`creditlab ${args.join(" ")} exited ${ran.status}: ${ran.stderr.toString().slice(-500)}`);
  const out = ran.stderr.toString();
  const [user, system] = out.trim().split("\n").at(-1)!.split(" ").map(Number);
  return user + system;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const runs = shippedRuns(ROOT);

const timings: Timing[] = [];
for (const { file, cell } of runs) {
  const args = ["run", file, "--workers", "1", "--json", ...(cell === null ? [] : ["--cell", String(cell)])];
  const seconds = median(Array.from({ length: RUNS }, () => cpuSeconds(args)));
  timings.push({ file, cell, cpuSeconds: Number(seconds.toFixed(2)) });
  console.log(`${file}${cell === null ? "" : ` cell ${cell}`}: ${seconds.toFixed(2)} CPU-s`);
}

writeFileSync(
  OUT,
  JSON.stringify(
    {
      about: "CPU seconds (user + system, median of 3) of `creditlab run FILE [--cell N] --workers 1 --json` for every shipped scenario and notebook cell; written by `npm run timings` (scripts/recordTimings.ts).",
      machine: `${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, Node ${process.version}`,
      recorded: new Date().toISOString().slice(0, 10),
      timings,
    },
    null,
    2,
  ) + "\n",
);
