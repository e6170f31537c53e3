/**
 * `npm run bench:merge`: what sharding costs. Prints the chunk file's bytes per path for
 * the bench book (test/bench/recessionBook.ts), and the time of `creditlab merge` over
 * 100,000 paths in 4 chunks, as a whole process (Node's start included), median of 5.
 * The 100,000 paths come from the bench book's layout on a 100-account book: a chunk's
 * size and a merge's work depend on the paths and the layout, not on the book's size.
 * Asserts nothing.
 *   npm run bench:merge               about a minute on two cores
 *   npm run bench:merge -- --paths N  merge N paths instead
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recessionInput } from "./recessionBook.ts";

const BIN = new URL("../../bin/creditlab.js", import.meta.url).pathname;
const at = process.argv.indexOf("--paths");
const PATHS = at > 0 ? Number(process.argv[at + 1]) : 100_000;
const SHARDS = 4;
const RUNS = 5;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

const dir = mkdtempSync(join(tmpdir(), "creditlab-bench-merge-"));
const creditlab = (args: string[]) => execFileSync(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "inherit"] });
const grouped = (x: number) => x.toLocaleString("en-US");

try {
  // The bench book itself: 100k accounts, 16 paths, one chunk file.
  const book = join(dir, "bench.json");
  writeFileSync(book, JSON.stringify(recessionInput(100_000, 16)));
  creditlab(["run", book, "--chunk-out", join(dir, "book.chunk")]);
  const file = readFileSync(join(dir, "book.chunk"));
  // 16-byte prefix, header, values, 32-byte digest (src/result/chunkFile.ts).
  const perPath = (file.length - 16 - file.readUInt32LE(8) - 32) / 16;
  console.log(`chunk file, bench book (100k accounts, 24 monthly periods, 2 segments, 1 variant):`);
  console.log(`  ${grouped(perPath)} bytes per path (${perPath / 8} float64 values); 16 paths: ${grouped(file.length)} bytes`);
  const tiny = join(dir, "tiny.json");
  writeFileSync(tiny, JSON.stringify(recessionInput(100, 1)));

  const chunks = Array.from({ length: SHARDS }, (_, i) => join(dir, `shard-${i + 1}.chunk`));
  const t0 = performance.now();
  for (let i = 0; i < SHARDS; i++) {
    creditlab(["run", tiny, "--paths", String(PATHS), "--shard", `${i + 1}/${SHARDS}`, "--chunk-out", chunks[i]]);
  }
  const bytes = chunks.reduce((n, c) => n + statSync(c).size, 0);
  console.log(`\n${grouped(PATHS)} paths of the bench layout in ${SHARDS} chunks: ${(bytes / 1e6).toFixed(1)} MB (simulated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const seconds: number[] = [];
  const peaks: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    const merge = [BIN, "merge", ...chunks, "--out", join(dir, "result.json")];
    if (TIME) {
      // GNU time prints the peak resident set in kB on stderr.
      const out = spawnSync(TIME, ["-f", "%M", process.execPath, ...merge], { encoding: "utf8" });
      if (out.status !== 0) throw new Error(`merge failed: ${out.stderr}`);
      peaks.push(Number(out.stderr.trim().split("\n").at(-1)) * 1024);
    } else execFileSync(process.execPath, merge, { stdio: "ignore" });
    seconds.push((performance.now() - start) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`creditlab merge, whole process, ${RUNS} runs: median ${median(seconds).toFixed(2)} s (min ${Math.min(...seconds).toFixed(2)}, max ${Math.max(...seconds).toFixed(2)})`);
  if (peaks.length > 0) console.log(`  peak RSS median ${Math.round(median(peaks) / 1e6)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
