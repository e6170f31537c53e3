/**
 * Streams a CSV file from disk into a chunk reader (`TapeReader`, `PerformanceReader`):
 * the file is read in pieces of 1 MiB as UTF-8, so a million-row tape never sits in memory
 * as text. Fails with a line saying why when the file cannot be read.
 */
import { createReadStream } from "node:fs";
import { err, ok, type Result } from "../scenario/errors.ts";
import { fileProblem } from "./io.ts";

export interface ChunkReader {
  push(chunk: string): void;
}

/** Pushes the whole file into `reader`; the error is `FILE: why` when it cannot be read. */
export async function streamCsvFile(file: string, reader: ChunkReader): Promise<Result<void, string>> {
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
    return err(`${file}: ${fileProblem(e)}`);
  }
}
