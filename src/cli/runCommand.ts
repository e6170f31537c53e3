/**
 * `creditlab run`: checks the flags and the file, starts the run with a progress bar on a
 * terminal's stderr (or progress lines with --progress), cancels it on Ctrl-C or SIGTERM,
 * and prints the summary or the result file. A notebook runs one scenario cell: its only
 * one, or the one `--cell` names.
 */
import type { RunOptions } from "./args.ts";
import { complain, errorLines, EXIT, write } from "./io.ts";
import { STDIO, writeOutput } from "./writeOutput.ts";
import { checkOutputPath } from "./outputPath.ts";
import { ProgressBar } from "./progress.ts";
import { reportReadFailure } from "./readScenarioFile.ts";
import { placeErrors, sourceLabel } from "./scenarioSources.ts";
import { readScenarioInput, scenarioErrors } from "./scenarioInput.ts";
import { startRun } from "./startRun.ts";
import { renderSummary, type RunInfo } from "./summary.ts";
import { styleFor, wantsColor } from "./style.ts";
import { selectVariant } from "./variants.ts";
import type { RunMeta } from "../result/summarizeRun.ts";
import type { ChunkResult } from "../engine/layout.ts";
import type { ResultFile } from "../result/resultFile.ts";
import { chunkHeader, encodeChunkFile, type ChunkHeader } from "../result/chunkFile.ts";
import { samplesCsv } from "../result/samplesCsv.ts";
import { pathSpan } from "../result/chunkSet.ts";
import { grouped } from "./terminalNumbers.ts";
import { formatScenarioError } from "../scenario/errors.ts";
import { applyOverrides } from "../scenario/parse.ts";
import { readKeyFile } from "./readKeyFile.ts";
import { drawnBookNote } from "../scenario/bookNote.ts";
import { auxiliaryRuns, chunkValues, hasUncertainty, splitVariance } from "../run/uncertainty.ts";

/**
 * How a run ends on each signal: SIGINT is Ctrl-C; SIGTERM is how `kill`, batch schedulers
 * and containers stop a program; SIGHUP is a closed terminal or SSH session. Each stops the
 * run and reports the paths finished, marked partial.
 */
const SIGNALS = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated, SIGHUP: EXIT.hangup } as const;
type Signal = keyof typeof SIGNALS;

export async function runCommand(options: RunOptions): Promise<number> {
  const unwritable = await outputProblem(options);
  if (unwritable) {
    await complain(unwritable);
    return EXIT.usage;
  }
  const key = options.keyFile === undefined ? undefined : await readKeyFile(options.keyFile);
  if (key && !key.ok) return reportReadFailure(key.error);
  const input = await readScenarioInput(options);
  if (!input.ok) return input.error;
  const { source, tapes, digests, parsed } = input.value;
  if (parsed.notes.length > 0) {
    await errorLines(placeErrors(parsed.notes, source).map(formatScenarioError));
  }
  const selected = selectVariant(applyOverrides(parsed, options), options.variant);
  if (!selected.ok) {
    await complain(selected.error);
    return EXIT.usage;
  }
  const requestedPaths = selected.value.scenario.simulation.paths;
  if (options.shard && options.shard.count > requestedPaths) {
    await complain(`--shard ${options.shard.index}/${options.shard.count}: ${requestedPaths} paths make at most ${requestedPaths} shards`);
    return EXIT.usage;
  }

  const bar = new ProgressBar(process.stderr, { lines: options.progress });
  const started = performance.now();
  // Parameter uncertainty's variance split needs the base's per-path values and two more runs (run/uncertainty.ts); a shard or a chunk is a part of a run, not split,
  // but a chunk carries its paths' values of the two more runs, so that the merge splits the whole run's variance.
  const splitting = hasUncertainty(parsed) && !options.shard && options.chunkOut === undefined;
  const carrying = hasUncertainty(parsed) && options.chunkOut !== undefined;
  const request = { text: source.text, file: source.file, parsed, paths: options.paths, seed: options.seed, workers: options.workers, samples: options.samples || splitting, shard: options.shard, tapes, tapeDigests: digests };
  const handle = startRun(request, options.variant, { onProgress: (p) => bar.update(p) });
  let stoppedBy: Signal | null = null;
  const stop = (signal: Signal) => {
    // A second signal does not wait for the workers to stop.
    if (stoppedBy) process.exit(SIGNALS[signal]);
    stoppedBy = signal;
    handle.cancel();
  };
  const handlers = (Object.keys(SIGNALS) as Signal[]).map((signal) => [signal, () => stop(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const outcome = await handle.outcome.finally(() => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    bar.clear();
  });
  const info = { file: sourceLabel(source), elapsedMs: performance.now() - started, requestedPaths, out: options.out, bookNote: drawnBookNote(selected.value.scenario) };

  switch (outcome.kind) {
    case "done":
      if (options.chunkOut !== undefined) {
        let auxiliary: Float64Array[][] | undefined;
        if (carrying) {
          const others = await auxiliaryRuns(parsed, (aux) => startRun({ ...request, parsed: aux, samples: true }, undefined, {}).outcome);
          if (!others.ok) {
            await complain(`the runs for the variance split by parameter uncertainty failed: ${others.error}; ${options.chunkOut} not written`);
            return EXIT.failed;
          }
          auxiliary = others.value;
        }
        await writeChunk(outcome.chunk, outcome.meta!, options.chunkOut, key?.value, auxiliary && chunkValues(auxiliary));
      } else {
        if (splitting) {
          const split = await splitVariance(outcome.result, parsed, (aux) => startRun({ ...request, parsed: aux, samples: true }, undefined, {}).outcome);
          if (!split.ok) {
            await complain(`the variance split by parameter uncertainty failed: ${split.error}`);
            return EXIT.failed;
          }
          outcome.result.uncertainty = split.value;
          if (!options.samples) for (const v of outcome.result.variants) delete v.samples;
          info.elapsedMs = performance.now() - started;
        }
        await report(outcome.result, options, info);
      }
      return EXIT.ok;
    case "cancelled":
      // A cancelled shard writes no chunk: a merge needs every path of its range.
      if (options.chunkOut !== undefined) await complain(`cancelled: ${options.chunkOut} not written`);
      else if (outcome.result) await report(outcome.result, options, info);
      else await complain("cancelled before any path finished");
      return SIGNALS[stoppedBy ?? "SIGINT"];
    case "invalid":
      return scenarioErrors(outcome.errors, source);
    case "failed":
      await complain(outcome.message);
      return EXIT.failed;
    default:
      return outcome satisfies never;
  }
}

/** Every path the run will write, checked before the scenario is read or a worker starts. */
async function outputProblem(options: RunOptions): Promise<string | null> {
  if (options.out !== undefined) return checkOutputPath("--out", options.out);
  return options.chunkOut === undefined ? null : checkOutputPath("--chunk-out", options.chunkOut);
}


/**
 * The chunk file of the paths run, written under a temporary name and renamed
 * (writeOutput.ts), so a shard killed while writing leaves no file a merge could mistake
 * for a whole one.
 */
async function writeChunk(chunk: ChunkResult, meta: RunMeta, file: string, key?: Uint8Array, uncertainty?: ChunkHeader["uncertainty"]): Promise<void> {
  const bytes = await encodeChunkFile(chunkHeader(meta, chunk, uncertainty), chunk, key);
  await writeOutput(file, bytes);
  // With `--chunk-out -` the chunk is standard output: the line about it goes to stderr.
  const n = chunk.to - chunk.from;
  await write(
    file === STDIO ? process.stderr : process.stdout,
    `${file}: ${pathSpan(chunk.from, chunk.to)} of ${grouped(meta.paths)} (${grouped(n)} path${n === 1 ? "" : "s"}, ${grouped(bytes.length)} bytes)\n`,
  );
}

/**
 * The result file to --out and/or stdout (--json), else the summary to stdout. `--out -`
 * is standard output: the result file goes there once, and the summary is left out.
 * With `--format csv` the per-path values go as one tidy table to --out, or to stdout.
 */
export async function report(result: ResultFile, options: Pick<RunOptions, "out" | "json" | "format">, info: RunInfo): Promise<void> {
  if (options.format === "csv") {
    await writeOutput(options.out ?? STDIO, samplesCsv(result));
    return;
  }
  const json = JSON.stringify(result, null, 2) + "\n";
  if (options.out !== undefined) await writeOutput(options.out, json);
  if (options.out === STDIO) return;
  if (options.json) await write(process.stdout, json);
  else await write(process.stdout, renderSummary(result, info, styleFor(wantsColor(process.stdout, process.env))));
}
