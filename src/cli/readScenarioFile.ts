/**
 * Reads a scenario file named on the command line. The file may come from anyone, so it
 * is opened and checked like every input (openInput.ts): only a regular file (a FIFO would
 * block, a device never ends), of at most MAX_TEXT_LENGTH bytes (then a read of that many
 * bytes at most), in valid UTF-8. A missing file, a directory, a device, a file too large or not
 * UTF-8 is the caller's mistake (exit 2, like a bad flag); any other failure to read is
 * exit 1.
 */
import { formatScenarioError } from "../scenario/errors.ts";
import { MAX_TEXT_LENGTH, tooLargeMessage } from "../scenario/loadYaml.ts";
import { err, ok, type Result } from "../util/result.ts";
import { complain, fileProblem, write } from "./io.ts";
import { openInput, type ReadFailure } from "./openInput.ts";

/** Prints a failure to read as one line on stderr; returns the exit status. */
export async function reportReadFailure(failure: ReadFailure): Promise<number> {
  if (failure.inFile) await write(process.stderr, failure.message + "\n");
  else await complain(failure.message);
  return failure.exitCode;
}

/** What standard input is called in messages, when `-` names it on the command line. */
export const STDIN_LABEL = "<stdin>";

/** The name messages use for `file`: `-` is standard input. */
export const inputLabel = (file: string): string => (file === "-" ? STDIN_LABEL : file);

export async function readScenarioFile(file: string): Promise<Result<string, ReadFailure>> {
  if (file === "-") return readStdin();
  const opened = await openInput(file, { what: "a scenario file", maxBytes: MAX_TEXT_LENGTH, tooLarge: (bytes) => tooLarge(file, bytes) });
  if (!opened.ok) return opened;
  const { handle } = opened.value;
  try {
    // One byte more than allowed shows a file that grew after the check.
    const buffer = Buffer.alloc(MAX_TEXT_LENGTH + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) {
      n = (await handle.read(buffer, length, buffer.length - length, length)).bytesRead;
    }
    if (length > MAX_TEXT_LENGTH) return err(tooLarge(file, length));
    return decodeUtf8(buffer.subarray(0, length), file);
  } catch (e) {
    return err({ exitCode: 1, message: `cannot read ${file}: ${fileProblem(e)}` });
  } finally {
    await handle.close();
  }
}

/** Standard input, read to its end or one byte past the size cap, whichever comes first. */
async function readStdin(): Promise<Result<string, ReadFailure>> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const part of process.stdin as AsyncIterable<Buffer>) {
    parts.push(part);
    length += part.length;
    if (length > MAX_TEXT_LENGTH) break;
  }
  if (length > MAX_TEXT_LENGTH) return err(tooLarge(STDIN_LABEL, length));
  return decodeUtf8(Buffer.concat(parts), STDIN_LABEL);
}

const tooLarge = (file: string, bytes: number): ReadFailure => ({
  exitCode: 2,
  inFile: true,
  message: formatScenarioError({ kind: "scenario", file, line: 1, column: 1, from: 0, to: 0, path: "", message: tooLargeMessage(bytes) }),
});

/**
 * The bytes as text, or an error at the first byte that is not UTF-8. The place is found
 * by bisection on prefixes: a streaming decoder accepts an unfinished character at the
 * end of a prefix and throws on a wrong one, so the shortest prefix that throws ends at it.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): Result<string, ReadFailure> {
  try {
    return ok(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    const fails = (n: number) => {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
        return false;
      } catch {
        return true;
      }
    };
    // An input that fails whole but on no prefix ends in an unfinished character.
    let [lo, hi] = [0, bytes.length];
    if (!fails(hi)) lo = hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (fails(mid)) hi = mid;
      else lo = mid + 1;
    }
    const at = characterStart(bytes, Math.max(0, Math.min(lo, bytes.length) - 1));
    const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
    const line = bytes.subarray(0, at).filter((b) => b === 0x0a).length + 1;
    const column = new TextDecoder().decode(bytes.subarray(lineStart, at)).length + 1;
    const hex = `0x${bytes[at].toString(16).toUpperCase().padStart(2, "0")}`;
    const message = `the text is not valid UTF-8 (byte ${hex} starts no character here); allowed: UTF-8 text (save the file as UTF-8)`;
    return err({ exitCode: 2, inFile: true, message: formatScenarioError({ kind: "scenario", file, line, column, from: at, to: at, path: "", message }) });
  }
}

/** The first byte of the unfinished character that byte `i` ends wrongly (i itself if none). */
function characterStart(bytes: Uint8Array, i: number): number {
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    if (bytes[k] < 0x80) break;
    if (bytes[k] >= 0xc0) {
      const length = bytes[k] >= 0xf0 ? 4 : bytes[k] >= 0xe0 ? 3 : 2;
      return k + length > i ? k : i;
    }
  }
  return i;
}
