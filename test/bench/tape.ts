/**
 * Loan-tape loading speed and memory (INTERFACE.md: a million-row tape loads in seconds):
 * writes a 1,000,000-row tape to a temporary file, then streams it into typed columns as
 * the command line does, 3 times. Prints rows a second (median of the 3) and the bytes per
 * account the columns keep (and, run with --expose-gc, the heap held after); asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { streamCsvFile } from "../../src/cli/readCsvFile.ts";
import { TapeReader, type Tape } from "../../src/data/tape.ts";

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

export async function benchTape(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "creditlab-tape-"));
  const file = join(dir, "tape.csv");
  try {
    const bytes = writeTape(file);
    const seconds: number[] = [];
    const cpu: number[] = [];
    const held: Tape[] = [];
    let kept = 0;
    let heapGrowth = 0;
    const heap = () => (globalThis.gc?.(), process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers);
    const heapBefore = heap();
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const reader = new TapeReader(file);
      const read = await streamCsvFile(file, reader);
      const tape = reader.end();
      seconds.push((performance.now() - t0) / 1000);
      const c1 = process.cpuUsage(c0);
      cpu.push((c1.user + c1.system) / 1e6);
      if (!read.ok || !tape.ok || tape.value.tape.rows !== ROWS) throw new Error("the bench tape did not load");
      kept = columnBytes(tape.value.tape);
      held[0] = tape.value.tape; // kept alive so the heap figure counts one tape
    }
    heapGrowth = heap() - heapBefore;
    const median = seconds.sort((a, b) => a - b)[1];
    const cpuMedian = cpu.sort((a, b) => a - b)[1];
    console.log(
      `loan tape, ${(ROWS / 1e6).toFixed(0)}M rows (${Math.round(bytes / 1e6)} MB of CSV), streamed from disk: ` +
        `${(ROWS / median / 1e6).toFixed(2)}M rows/s (median of 3: ${seconds.map((s) => s.toFixed(2) + " s").join(", ")}), ` +
        `${(ROWS / cpuMedian / 1e6).toFixed(2)}M rows/CPU-s; ` +
        `columns keep ${(kept / ROWS).toFixed(0)} bytes/account` +
        (globalThis.gc ? `, heap held after the load ${(heapGrowth / ROWS).toFixed(0)} bytes/account (one tape held, the text and the earlier loads freed)` : ""),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTape();
