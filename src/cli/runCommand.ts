/**
 * `creditlab run`: checks the file and flags, starts the run with a progress bar on a
 * terminal's stderr, cancels it on Ctrl-C, and prints the summary or the result file.
 * A notebook runs one scenario cell: its only one, or the one `--cell` names.
 */
import { constants } from "node:fs";
import { access, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { RunOptions } from "./args.ts";
import { complain, EXIT, fileProblem, write } from "./io.ts";
import { ProgressBar } from "./progress.ts";
import { readScenarioFile } from "./readScenarioFile.ts";
import { chooseSource, placeErrors, scenarioSources, sourceLabel, type ScenarioSource } from "./scenarioSources.ts";
import { startRun } from "./startRun.ts";
import { renderSummary, type RunInfo } from "./summary.ts";
import { styleFor, wantsColor } from "./style.ts";
import { selectVariant } from "./variants.ts";
import type { RunMeta } from "../result/summarizeRun.ts";
import type { ChunkResult } from "../engine/layout.ts";
import type { ResultFile } from "../result/resultFile.ts";
import { chunkHeader, encodeChunkFile } from "../result/chunkFile.ts";
import { pathSpan } from "../result/chunkSet.ts";
import { grouped } from "./format.ts";
import { formatScenarioError, type ScenarioError } from "../scenario/errors.ts";
import { applyOverrides, parseScenario } from "../scenario/parse.ts";

export async function runCommand(options: RunOptions): Promise<number> {
  const text = await readScenarioFile(options.file);
  if (!text.ok) {
    await complain(text.error.message);
    return text.error.exitCode;
  }
  const sources = scenarioSources(text.value, options.file);
  const chosen = sources.ok ? chooseSource(sources.value, options.cell) : sources;
  if (!chosen.ok) {
    await complain(chosen.error);
    return EXIT.usage;
  }
  const source = chosen.value;
  // Checked here as well as by the run, so a wrong file or variant name fails before
  // any worker starts, and the summary knows how many paths were asked for.
  const parsed = parseScenario(source.text, source.file);
  if (!parsed.ok) return scenarioErrors(parsed.error, source);
  if (parsed.value.notes.length > 0) {
    await write(process.stderr, placeErrors(parsed.value.notes, source).map((e) => formatScenarioError(e) + "\n").join(""));
  }
  const selected = selectVariant(applyOverrides(parsed.value, options), options.variant);
  if (!selected.ok) {
    await complain(selected.error);
    return EXIT.usage;
  }
  const requestedPaths = selected.value.scenario.simulation.paths;
  if (options.shard && options.shard.count > requestedPaths) {
    await complain(`--shard ${options.shard.index}/${options.shard.count}: ${requestedPaths} paths make at most ${requestedPaths} shards`);
    return EXIT.usage;
  }
  if (options.chunkOut !== undefined) {
    const unwritable = await cannotWrite(options.chunkOut);
    if (unwritable) {
      await complain(`--chunk-out ${options.chunkOut}: ${unwritable}`);
      return EXIT.usage;
    }
  }

  const bar = new ProgressBar(process.stderr);
  const started = performance.now();
  const handle = startRun(
    { text: source.text, file: source.file, paths: options.paths, seed: options.seed, workers: options.workers, samples: options.samples, shard: options.shard },
    options.variant,
    { onProgress: (p) => bar.update(p) },
  );
  let interrupted = false;
  const onInterrupt = () => {
    // A second Ctrl-C does not wait for the workers to stop.
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    handle.cancel();
  };
  process.on("SIGINT", onInterrupt);
  const outcome = await handle.outcome.finally(() => {
    process.off("SIGINT", onInterrupt);
    bar.clear();
  });
  const info = { file: sourceLabel(source), elapsedMs: performance.now() - started, requestedPaths, out: options.out };

  switch (outcome.kind) {
    case "done":
      if (options.chunkOut !== undefined) await writeChunk(outcome.chunk, outcome.meta!, options.chunkOut);
      else await report(outcome.result, options, info);
      return EXIT.ok;
    case "cancelled":
      // A cancelled shard writes no chunk: a merge needs every path of its range.
      if (options.chunkOut !== undefined) await complain(`cancelled: ${options.chunkOut} not written`);
      else if (outcome.result) await report(outcome.result, options, info);
      else await complain("cancelled before any path finished");
      return EXIT.interrupted;
    case "invalid":
      return scenarioErrors(outcome.errors, source);
    case "failed":
      await complain(outcome.message);
      return EXIT.failed;
    default:
      return outcome satisfies never;
  }
}

async function scenarioErrors(errors: readonly ScenarioError[], source: ScenarioSource): Promise<number> {
  await write(process.stderr, placeErrors(errors, source).map((e) => formatScenarioError(e) + "\n").join(""));
  return EXIT.usage;
}

/**
 * The chunk file of the paths run, written under a temporary name and renamed, so a
 * shard killed while writing leaves no file a merge could mistake for a whole one.
 */
async function writeChunk(chunk: ChunkResult, meta: RunMeta, file: string): Promise<void> {
  const bytes = await encodeChunkFile(chunkHeader(meta, chunk), chunk);
  const partial = `${file}.${process.pid}.part`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, file);
  } catch (e) {
    await rm(partial, { force: true });
    throw new Error(`cannot write ${file}: ${fileProblem(e)}`, { cause: e });
  }
  const n = chunk.to - chunk.from;
  await write(
    process.stdout,
    `${file}: ${pathSpan(chunk.from, chunk.to)} of ${grouped(meta.paths)} (${grouped(n)} path${n === 1 ? "" : "s"}, ${grouped(bytes.length)} bytes)\n`,
  );
}

/** Why `file` cannot be written, checked before a run starts; null when it can. */
async function cannotWrite(file: string): Promise<string | null> {
  try {
    await access(file, constants.W_OK);
    return null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return fileProblem(e);
  }
  try {
    await access(dirname(file), constants.W_OK);
    return null;
  } catch (e) {
    return `its folder: ${fileProblem(e)}`;
  }
}

/** The result file to --out and/or stdout (--json), else the summary to stdout. */
export async function report(result: ResultFile, options: Pick<RunOptions, "out" | "json">, info: RunInfo): Promise<void> {
  const json = JSON.stringify(result, null, 2) + "\n";
  if (options.out !== undefined) {
    try {
      await writeFile(options.out, json);
    } catch (e) {
      throw new Error(`cannot write ${options.out}: ${fileProblem(e)}`, { cause: e });
    }
  }
  if (options.json) await write(process.stdout, json);
  else await write(process.stdout, renderSummary(result, info, styleFor(wantsColor(process.stdout, process.env))));
}
