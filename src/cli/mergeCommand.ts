/**
 * `creditlab merge CHUNK...`: reads the chunk files of a run's shards, refuses them with
 * one line per reason when they do not make one whole run (another scenario, seed, engine
 * or path count, a gap, an overlap, a damaged file, the auxiliary runs of parameter
 * uncertainty in some chunks only), else writes the result file a single `creditlab run` of
 * the same scenario writes, byte for byte (its variance split included).
 */
import type { MergeOptions } from "./args.ts";
import { complain, errorLines, EXIT, fileProblem, write } from "./io.ts";
import { report } from "./runCommand.ts";
import { checkOutputPath } from "./outputPath.ts";
import { openInput } from "./openInput.ts";
import { readKeyFile } from "./readKeyFile.ts";
import { reportReadFailure } from "./readScenarioFile.ts";

/** Largest chunk file read: just under 4 GiB, the most one read can hold (1.9 million paths of the bench book). */
const MAX_CHUNK_BYTES = 2 ** 32 - 1;
import { summarizeRun } from "../result/summarizeRun.ts";
import type { ChunkResult } from "../engine/layout.ts";
import { mergeChunks } from "../result/mergeChunks.ts";
import { decodeChunkFile, runMetaOf, type ChunkHeader } from "../result/chunkFile.ts";
import { refuseMerge } from "../result/chunkSet.ts";
import { bookValues, mergedValues, splitOf } from "../run/uncertainty.ts";

export async function mergeCommand(options: MergeOptions): Promise<number> {
  const started = performance.now();
  const unwritable = options.out === undefined ? null : await checkOutputPath("--out", options.out);
  if (unwritable) {
    await complain(unwritable);
    return EXIT.usage;
  }
  const key = options.keyFile === undefined ? undefined : await readKeyFile(options.keyFile);
  if (key && !key.ok) return reportReadFailure(key.error);
  const read: { file: string; header: ChunkHeader; chunk: ChunkResult }[] = [];
  const problems: string[] = [];
  for (const file of options.chunks) {
    const opened = await openInput(file, { what: "a chunk file", maxBytes: MAX_CHUNK_BYTES });
    if (!opened.ok) {
      problems.push(opened.error.message);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await opened.value.handle.readFile();
    } catch (e) {
      problems.push(`${file}: ${fileProblem(e)}`);
      continue;
    } finally {
      await opened.value.handle.close();
    }
    const decoded = await decodeChunkFile(bytes, key?.value);
    if (decoded.ok) read.push({ file, ...decoded.value });
    else problems.push(`${file}: ${decoded.error}`);
  }
  if (problems.length === 0) problems.push(...refuseMerge(read));
  if (problems.length > 0) {
    await errorLines(problems.map((p) => `creditlab: ${p}`));
    await complain(`merge refused: ${problems.length} problem${problems.length === 1 ? "" : "s"}, nothing written`);
    return EXIT.usage;
  }
  const header = read[0].header;
  // With parameter uncertainty the chunks carry their paths' auxiliary runs: the variance is
  // split over the whole run's paths, as one `creditlab run` splits it (run/uncertainty.ts).
  const carried = read.map((r) => r.header.uncertainty);
  const splitting = carried.every((u) => u !== undefined);
  const result = summarizeRun(runMetaOf(header, options.samples || splitting), mergeChunks(read.map((r) => r.chunk)));
  if (splitting) {
    const a = bookValues(result)!;
    const others = mergedValues(read.map((r) => ({ from: r.header.from, ...r.header.uncertainty! })));
    result.uncertainty = splitOf(a, others, result.variants[0].name, result.paths);
    if (!options.samples) for (const v of result.variants) delete v.samples;
  }
  const label = `${read.length} chunk file${read.length === 1 ? "" : "s"} (${read.map((r) => r.file).join(", ")})`;
  await report(result, options, { file: label, elapsedMs: performance.now() - started, requestedPaths: header.paths, out: options.out });
  return EXIT.ok;
}
