/**
 * Loan-tape loading speed and memory (INTERFACE.md: a million-row tape loads in seconds):
 * writes a 1,000,000-row tape to a temporary file, then streams it into typed columns as
 * the command line does, 3 times. Prints rows a second (median of the 3) and the bytes per
 * account the columns keep and the memory a loaded tape holds after a full collection;
 * asserts nothing. Then the two halves of `creditlab fit` on a generated performance file:
 * reading it, and fitting it (counts, rates, ρ on its grid, back-test).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import seedrandom from "seedrandom";
import { streamCsvFile } from "../../src/cli/readCsvFile.ts";
import { PerformanceReader } from "../../src/data/performance.ts";
import { TapeReader, type Tape } from "../../src/data/tape.ts";
import { fitPerformance } from "../../src/fit/fitPerformance.ts";

const ROWS = 1_000_000;

function writeTape(file: string): number {
  const rng = seedrandom("tape bench");
  const lines = ["balance,limit,pd,state,apr,paymentsLeft,segment"];
  const states = ["C", "C", "C", "C", "C", "C", "C", "D1", "D2", "F"];
  for (let i = 0; i < ROWS; i++) {
    const limit = Math.round(1000 + 9000 * rng());
    const balance = (limit * rng()).toFixed(2);
    lines.push(`${balance},${limit},${(0.005 + 0.05 * rng()).toFixed(4)},${states[i % 10]},0.19,${1 + (i % 36)},${i % 3 === 0 ? "loans" : "cards"}`);
  }
  const text = lines.join("\n") + "\n";
  writeFileSync(file, text);
  return text.length;
}

function columnBytes(t: Tape): number {
  const cols = [t.balance, t.limit, t.pd, t.score, t.apr, t.state, t.paymentsLeft, t.segment];
  return cols.reduce((s, c) => s + (c ? c.byteLength : 0), 0);
}

async function load(file: string): Promise<Tape> {
  const reader = new TapeReader(file);
  const read = await streamCsvFile(file, reader);
  const tape = reader.end();
  if (!read.ok || !tape.ok || tape.value.tape.rows !== ROWS) throw new Error("the bench tape did not load");
  return tape.value.tape;
}

// A full collection on demand, without a flag on the command line.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Heap and array buffers in use after a full collection. */
function inUse(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export async function benchTape(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "creditlab-tape-"));
  const file = join(dir, "tape.csv");
  try {
    const bytes = writeTape(file);
    // Memory first, before the timed loads leave anything behind to be collected.
    const before = inUse();
    const tape = await load(file);
    const held = inUse() - before;
    const seconds: number[] = [];
    const cpu: number[] = [];
    let kept = 0;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      kept = columnBytes(await load(file));
      seconds.push((performance.now() - t0) / 1000);
      const c1 = process.cpuUsage(c0);
      cpu.push((c1.user + c1.system) / 1e6);
    }
    const median = seconds.sort((a, b) => a - b)[1];
    const cpuMedian = cpu.sort((a, b) => a - b)[1];
    console.log(
      `loan tape, ${(ROWS / 1e6).toFixed(0)}M rows (${Math.round(bytes / 1e6)} MB of CSV), streamed from disk: ` +
        `${(ROWS / median / 1e6).toFixed(2)}M rows/s (median of 3: ${seconds.map((x) => x.toFixed(2) + " s").join(", ")}), ` +
        `${(ROWS / cpuMedian / 1e6).toFixed(2)}M rows/CPU-s; columns ${(kept / ROWS).toFixed(0)} bytes/account` +
        `, memory held once loaded ${(held / tape.rows).toFixed(0)} bytes/account (text and parser freed)`,
    );
    await benchFit(join(dir, "performance.csv"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `creditlab fit`'s work on 20,000 accounts over 36 months: read the file, then fit. */
async function benchFit(file: string): Promise<void> {
  const rng = seedrandom("fit bench");
  const lines = ["account,month,state,balance,limit"];
  const roll = [0.4, 0.6, 0.8];
  for (let a = 0; a < 20_000; a++) {
    let state = 0;
    for (let t = 1; t <= 36; t++) {
      lines.push(`${a},${t},${state === 0 ? "C" : `D${state}`},${1000 + (a % 700)},5000`);
      const u = rng();
      if (state === 0) state = u < 0.02 ? 1 : 0;
      else if (u < roll[state - 1]) {
        if (state === 3) {
          lines.push(`${a},${t + 1},F,1000,5000`);
          break;
        }
        state++;
      } else if (u > 0.9) state = 0;
    }
  }
  writeFileSync(file, lines.join("\n") + "\n");
  const rows = lines.length - 1;
  const read: number[] = [];
  const fitted: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const reader = new PerformanceReader(file);
    await streamCsvFile(file, reader);
    const perf = reader.end();
    if (!perf.ok) throw new Error("the bench performance file did not read");
    const t1 = performance.now();
    fitPerformance(perf.value.performance);
    read.push((t1 - t0) / 1000);
    fitted.push((performance.now() - t1) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
  console.log(
    `fit, ${rows.toLocaleString("en-US")} account-months (20,000 accounts, 36 months): read ${median(read).toFixed(2)} s ` +
      `(${(rows / median(read) / 1e6).toFixed(2)}M rows/s), fit ${median(fitted).toFixed(2)} s (medians of 3)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTape();
