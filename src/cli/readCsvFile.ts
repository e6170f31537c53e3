/**
 * Streams a CSV file from disk into a chunk reader (`TapeReader`, `PerformanceReader`):
 * the file is read in pieces of 1 MiB as UTF-8, so a million-row tape never sits in memory
 * as text. The file may come from anyone, so it is opened once and checked by its
 * descriptor (openInput.ts): a regular file within MAX_CSV_BYTES, never a FIFO or a device.
 */
import { err, ok, type Result } from "../util/result.ts";
import { grouped } from "../format/number.ts";
import { fileProblem } from "./io.ts";
import { openInput, type ReadFailure } from "./openInput.ts";

export interface ChunkReader {
  push(chunk: string): void;
}

/** Largest CSV file read: 4 GiB, about 60 million performance rows or 80 million tape rows. */
export const MAX_CSV_BYTES = 4 * 2 ** 30;

/** Pushes the whole file into `reader`; a missing file or one that is not a regular file is exit 2, other failures 1. */
export async function streamCsvFile(file: string, reader: ChunkReader, maxBytes = MAX_CSV_BYTES): Promise<Result<void, ReadFailure>> {
  const opened = await openInput(file, { what: "a CSV file", maxBytes });
  if (!opened.ok) return opened;
  const handle = opened.value.handle;
  try {
    // At most one byte past the cap: a file that grew after the check is refused, not read on.
    const stream = handle.createReadStream({ encoding: "utf8", highWaterMark: 1 << 20, start: 0, end: maxBytes, autoClose: false });
    let first = true;
    let read = 0;
    for await (const chunk of stream as AsyncIterable<string>) {
      read += Buffer.byteLength(chunk);
      if (read > maxBytes) return err({ exitCode: 2, message: `${file} is over ${grouped(maxBytes)} bytes; allowed: a CSV file of at most ${grouped(maxBytes)} bytes` });
      // A byte-order mark is not part of the header's first name.
      reader.push(first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk);
      first = false;
    }
    return ok(undefined);
  } catch (e) {
    return err({ exitCode: 1, message: `cannot read ${file}: ${fileProblem(e)}` });
  } finally {
    await handle.close();
  }
}
