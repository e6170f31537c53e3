/**
 * A browser `File` read as a loan tape: its bytes streamed through a `TextDecoderStream`
 * into `readTapeChunks`, so a large tape is never one string. The same function runs in the
 * tape worker (workers/tape.worker.ts) and, in unit tests, on Node's own `File`.
 */
import { readTapeChunks, type Tape, type TapeFailure, type TapeRead } from "./tape.ts";
import type { Result } from "../util/result.ts";
import { textChunks } from "../util/textChunks.ts";

export type TapeFileRead = Result<TapeRead, TapeFailure>;

/** What the tape worker offers the page (workers/tape.worker.ts; src/ui/tapes/tapeClient.ts starts it). */
export interface TapeWorkerApi {
  /** Reads `file` as a tape named `name` in messages; the columns come back transferred, not copied. */
  read(file: File, name: string): Promise<TapeFileRead>;
}

/** Reads `file` as a tape; `name` is the file name its errors carry (`NAME:ROW:COLUMN: …`). */
export function readTapeFile(file: Blob, name: string): Promise<TapeFileRead> {
  return readTapeChunks(textChunks(file), name);
}

/** The buffers of a tape's columns, to transfer across a worker boundary. */
export function tapeBuffers(tape: Tape): ArrayBuffer[] {
  const columns = [tape.balance, tape.limit, tape.pd, tape.score, tape.apr, tape.state, tape.paymentsLeft, tape.monthsOnBook, tape.originationPd, tape.originationScore, tape.segment];
  return columns.flatMap((c) => (c ? [c.buffer as ArrayBuffer] : []));
}
