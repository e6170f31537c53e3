/**
 * `npm run bench`: how fast the engine runs on worker threads, and how much memory it
 * takes. Prints figures, asserts nothing. A 100k-account book (revolving and instalment,
 * two years of monthly periods, a recession) on one worker and on every core, then a
 * 1-million-account book on two workers.
 *   npm run bench               under two minutes on two cores
 *   npm run bench -- --quick    fewer paths
 *   npm run bench -- --full     the 1-million-account book over 1,000 paths (minutes)
 * Throughput is in account-periods a second: accounts × periods × paths × variants.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileModel } from "../../src/engine/model.ts";
import { spawnNodeWorker, type NodePoolWorker } from "../../src/run/node.ts";
import { CHUNK_PATHS, WorkerPool } from "../../src/run/pool.ts";
import type { WorkerMemory } from "../../src/run/workerApi.ts";
import type { NamedScenario } from "../../src/scenario/parse.ts";
import { behaviourBook, quietBook, recessionBook } from "./recessionBook.ts";

const args = new Set(process.argv.slice(2));
const mode = args.has("--full") ? "full" : args.has("--quick") ? "quick" : "default";
const PATHS = {
  quick: { small: 64, large: 32, ceiling: 100 },
  default: { small: 160, large: 64, ceiling: 400 },
  full: { small: 160, large: 1000, ceiling: 400 },
}[mode];

interface Figures {
  label: string;
  workers: number;
  /** Paths of the warm-up run (one chunk a worker: threads start, books are built) and of the timed run. */
  warmPaths: number;
  paths: number;
  warmSeconds: number;
  seconds: number;
  /** Account-periods a second over both runs: starting threads and building books included. */
  rate: number;
  /** The same over the timed run alone: the simulation on warm workers, merging included. */
  steadyRate: number;
  /** Account-periods per CPU-second of the timed run (all threads): what other programs' load does not change. */
  cpuRate: number;
  peakRss: number;
  workerMemory: WorkerMemory[];
}

/** Largest process RSS seen while `work` runs: worker threads live in this process. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

/** Wall-clock and CPU seconds (every thread of the process) of one run. */
async function timed(pool: WorkerPool, variants: NamedScenario[], paths: number): Promise<{ wall: number; cpu: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const outcome = await pool.run({ variants, paths }).outcome;
  if (outcome.kind !== "done") throw new Error(`the bench run ended ${outcome.kind}: ${JSON.stringify(outcome)}`);
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/**
 * The worker a user's run starts: the esbuild bundle of dist/node (the start-up section
 * builds it first). A worker run from source through tsx carries a wrapper around every
 * function and closure, and measured about half as fast.
 */
const BUILT_WORKER = new URL("../../dist/node/worker.js", import.meta.url);

async function pooled(label: string, variants: NamedScenario[], workers: number): Promise<Figures> {
  const spawned: NodePoolWorker[] = [];
  const pool = new WorkerPool(() => {
    const w = spawnNodeWorker(BUILT_WORKER);
    spawned.push(w);
    return w;
  }, workers);
  const paths = variants[0].scenario.simulation.paths;
  const warmPaths = workers * CHUNK_PATHS;
  const perPath = accountPeriods(variants);
  const { value, peak } = await withPeakRss(async () => {
    // The same variants, so the timed run finds each worker's model and book built.
    const warmSeconds = (await timed(pool, variants, warmPaths)).wall;
    const { wall: seconds, cpu } = await timed(pool, variants, paths);
    const memory = await Promise.all(spawned.map((w) => w.api.memory()));
    return { warmSeconds, seconds, cpu, memory };
  });
  await pool.close();
  const { warmSeconds, seconds, cpu, memory } = value;
  return {
    label,
    workers,
    warmPaths,
    paths,
    warmSeconds,
    seconds,
    rate: (perPath * (warmPaths + paths)) / (warmSeconds + seconds),
    steadyRate: (perPath * paths) / seconds,
    cpuRate: (perPath * paths) / cpu,
    peakRss: peak,
    workerMemory: memory.filter((m): m is WorkerMemory => m !== null),
  };
}

/** Account-periods of one path: every account slot of every variant, every period. */
function accountPeriods(variants: NamedScenario[]): number {
  const model = compileModel(variants);
  const accounts = model.variants.reduce((n, v) => n + v.segments.reduce((m, s) => m + s.accounts, 0), 0);
  return accounts * model.periods;
}

const M = (x: number) => `${(x / 1e6).toFixed(1)}M`;
const MB = (x: number) => `${Math.round(x / 1e6)} MB`;

function print(f: Figures): void {
  const heap = f.workerMemory.map((m) => `${MB(m.heapUsed)} heap + ${MB(m.external)} arrays`).join(", ");
  console.log(
    `${f.label.padEnd(22)} ${String(f.workers).padStart(2)} worker${f.workers === 1 ? " " : "s"} ` +
      `${String(f.warmPaths).padStart(3)} + ${String(f.paths).padStart(4)} paths ` +
      `${f.warmSeconds.toFixed(1).padStart(5)} + ${f.seconds.toFixed(1).padStart(5)} s  ` +
      `${M(f.rate).padStart(7)}/s overall  ${M(f.steadyRate).padStart(7)}/s simulating  ` +
      `${M(f.cpuRate).padStart(6)}/CPU-s  ` +
      `peak RSS ${MB(f.peakRss)}${heap ? `  (each worker: ${heap})` : ""}`,
  );
}

/**
 * The ceiling of a stepped month (test/bench/steppedCeiling.ts): bundled by esbuild and run
 * by node, as the engine's worker is, in a process of its own.
 */
async function steppedCeiling(paths: number): Promise<void> {
  const { build } = await import("esbuild");
  const dir = await mkdtemp(join(tmpdir(), "creditlab-ceiling-"));
  try {
    const outfile = join(dir, "ceiling.mjs");
    const entry = fileURLToPath(new URL("./steppedCeiling.ts", import.meta.url));
    await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile, logLevel: "error" });
    process.stdout.write(execFileSync(process.execPath, [outfile, String(paths)], { encoding: "utf8" }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  const load = loadavg()[0].toFixed(1);
  // Other programs on the machine slow the figures, the scaling most: the load says how busy it was.
  console.log(`creditlab bench (${mode}): Node ${process.version}, ${cores} cores, load ${load}; account-periods a second`);
  const small = recessionBook(100_000, PATHS.small);
  const one = await pooled("100k accounts", small, 1);
  print(one);
  const all = await pooled("100k accounts", small, cores);
  print(all);
  console.log(
    `scaling 1 → ${cores} workers: ×${(all.rate / one.rate).toFixed(2)} overall, ` +
      `×${(all.steadyRate / one.steadyRate).toFixed(2)} simulating; ` +
      `work per CPU-second ×${(all.cpuRate / one.cpuRate).toFixed(2)} (1.00: the pool costs nothing)`,
  );
  console.log(
    `  version 1's engine on the same book and bench, same machine (2026-11-30, load 2.7): ` +
      `79.0M/CPU-s on one worker, 83.9M/CPU-s on two; 1M accounts ran at 50–82M/s on two workers`,
  );
  print(await pooled("quiet 100k accounts", quietBook(100_000, PATHS.small), 1));
  // Credit lines stepped month by month (transactors, plans, burden, dynamic limits): docs/model.md §10.
  print(await pooled("behaviour 100k accounts", behaviourBook(100_000, PATHS.small), 1));
  await steppedCeiling(PATHS.ceiling);
  // An extra policy on the same random numbers: what it adds to a run of the base alone.
  const variant = [{ name: "tighter collections", policy: { collections: { rollReduction: 0.3, costPerAccountMonth: 20 } } }];
  const withVariant = await pooled("100k + 1 variant", recessionBook(100_000, PATHS.small, variant), 1);
  print(withVariant);
  const extra = withVariant.cpuRate > 0 ? one.cpuRate / (withVariant.cpuRate / 2) : NaN;
  console.log(`an extra variant costs ×${(extra - 1).toFixed(2)} of a run of the base (CPU-seconds, 1.00: a whole run)`);
  print(await pooled("1M accounts", recessionBook(1_000_000, PATHS.large), 2));
}

await (await import("./startup.ts")).startupBench(); // the start-up section: test/bench/startup.ts
await main();
await (await import("./tape.ts")).benchTape();
