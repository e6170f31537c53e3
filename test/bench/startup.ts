/**
 * Start-up figures for `npm run bench`: how long the built command line and the built
 * worker take before they do any work. Every figure is the median of several whole
 * processes started the way a user or a script starts them (`node bin/creditlab.js …`),
 * so the runtime's own start, module loading and compilation are all counted.
 *   - `creditlab validate` on a small scenario, against `node` reading the same file;
 *   - one engine worker thread, from `new Worker` to its first answer, and to the end of
 *     its `load` of a scenario: ready for its first path;
 *   - `creditlab run` of 16 paths of a 20,000-account book on one worker, end to end.
 * The built files come from scripts/buildNode.mjs (dist/node), which the bench runs first.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseScenario, type NamedScenario } from "../../src/scenario/parse.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/creditlab.js");
const WORKER = join(ROOT, "dist/node/worker.js");
const SMALL = join(ROOT, "scenarios/cash-loan-recession.yaml");

/** A 20,000-account recession book, 60% credit lines and 40% cash loans, over 24 months. */
const BOOK_20K = `creditlab: 1
name: startup bench, 20,000 accounts
simulation: { paths: 16, horizonMonths: 24, periodMonths: 1, seed: startup }
macro:
  variables:
    unemployment: { factor: economy, mean: 0.05, sensitivity: -0.012 }
  shocks:
    - factor: economy
      recession: { start: 3, fall: 6, trough: -2, stay: 6, recover: 9 }
segments:
  - name: cards
    accounts: 12000
    product: revolving
    pd: 0.03
    limit: { median: 6000, sigma: 0.6 }
    utilization: 0.45
    apr: 0.22
    lgd: { mean: 0.85, sd: 0.1, macro: 0.2 }
  - name: loans
    accounts: 8000
    product: instalment
    pd: 0.02
    principal: { median: 12000, sigma: 0.5 }
    termMonths: 36
    apr: 0.12
`;

/** Seconds from spawn to exit of `node args…`; throws when it fails. */
function wall(args: string[]): number {
  const start = process.hrtime.bigint();
  const ran = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (ran.status !== 0) throw new Error(`node ${args.join(" ")} exited ${ran.status}: ${ran.stderr.split("\n")[0]}`);
  return seconds;
}

/**
 * Milliseconds from `new Worker` to the worker's first answer, and to the end of its
 * `load` of `variants` (compiled: ready for its first path), as the probe process prints them.
 */
function workerReady(variants: NamedScenario[]): { answer: number; loaded: number } {
  // The probe is a plain ESM script, so its own start costs what any Node script's does.
  const probe = `
    import { Worker } from "node:worker_threads";
    import { wrap } from "comlink";
    import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
    const start = performance.now();
    const thread = new Worker(${JSON.stringify(WORKER)}, { execArgv: [] }); // not the probe's --input-type
    const api = wrap(nodeEndpoint(thread));
    await api.memory();
    const answer = performance.now() - start;
    await api.load(${JSON.stringify(variants)});
    console.log(JSON.stringify({ answer, loaded: performance.now() - start }));
    await thread.terminate();`;
  const ran = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  if (ran.status !== 0) throw new Error(`the worker probe failed: ${ran.stderr.split("\n")[0]}`);
  return JSON.parse(ran.stdout);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const repeat = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

/** Prints the start-up section; `runs` processes per figure. */
export async function startupBench(runs = 7): Promise<void> {
  const built = spawnSync(process.execPath, [join(ROOT, "scripts/buildNode.mjs")], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`the Node build failed: ${built.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), "creditlab-startup-"));
  try {
    const book = join(dir, "book20k.yaml");
    writeFileSync(book, BOOK_20K);
    const read = median(repeat(runs, () => wall(["-e", `require("node:fs").readFileSync(${JSON.stringify(SMALL)}, "utf8")`])));
    const validate = median(repeat(runs, () => wall([BIN, "validate", SMALL])));
    const version = median(repeat(runs, () => wall([BIN, "--version"])));
    const parsed = parseScenario(readFileSync(SMALL, "utf8"), SMALL);
    if (!parsed.ok) throw new Error(`${SMALL} is invalid: ${parsed.error[0].message}`);
    const probes = repeat(runs, () => workerReady(parsed.value.variants));
    const answer = median(probes.map((p) => p.answer));
    const loaded = median(probes.map((p) => p.loaded));
    const run16 = median(repeat(Math.max(3, runs >> 1), () => wall([BIN, "run", book, "--workers", "1", "--json"])));
    const s = (x: number) => `${x.toFixed(2)} s`;
    const line = (label: string, figure: string) => console.log(`  ${label.padEnd(58)} ${figure}`);
    console.log(`start-up (median of ${runs} processes, ${Math.max(3, runs >> 1)} for the run; load ${loadavg()[0].toFixed(1)}):`);
    line("node reading the scenario", s(read));
    line("creditlab validate, the same file", `${s(validate)}  ×${(validate / read).toFixed(1)} of node (target ≤ ×3)`);
    line("creditlab --version", s(version));
    line("a worker thread, from new Worker to its first answer", `${Math.round(answer)} ms`);
    line("the same, loaded with the scenario: ready for its first path", `${Math.round(loaded)} ms (target ≤ 150 ms)`);
    line("creditlab run, 16 paths × 20,000 accounts, 1 worker", `${s(run16)} (target < 1 s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
