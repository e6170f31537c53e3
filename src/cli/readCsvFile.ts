/**
 * Streams a CSV file from disk into a chunk reader (`TapeReader`, `PerformanceReader`):
 * the file is read in pieces of 1 MiB as UTF-8, so a million-row tape never sits in memory
 * as text. Fails with a line saying why when the file cannot be read.
 */
import { createReadStream } from "node:fs";
import { err, ok, type Result } from "../util/result.ts";
import { fileProblem } from "./io.ts";
import type { ReadFailure } from "./readScenarioFile.ts";

export interface ChunkReader {
  push(chunk: string): void;
}

/** Pushes the whole file into `reader`; a missing file or a directory is exit 2, other failures 1. */
export async function streamCsvFile(file: string, reader: ChunkReader): Promise<Result<void, ReadFailure>> {
  try {
    const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
    let first = true;
    for await (const chunk of stream as AsyncIterable<string>) {
      // A byte-order mark is not part of the header's first name.
      reader.push(first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk);
      first = false;
    }
    return ok(undefined);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return err({ exitCode: 2, message: `no such file: ${file}` });
    if (code === "EISDIR") return err({ exitCode: 2, message: `${file} is a directory, not a CSV file` });
    return err({ exitCode: 1, message: `cannot read ${file}: ${fileProblem(e)}` });
  }
}
