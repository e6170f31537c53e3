/**
 * One way to open a file the command line reads (a scenario, a tape, a performance file, a
 * chunk, a key): the
 * path is checked with stat (a FIFO with no writer would block an open), opened once with
 * O_NONBLOCK (a FIFO swapped in since then does not block), and checked again by its
 * descriptor, so what is read is the regular file that was checked: never a FIFO, a device
 * (`/dev/zero` never ends) or a folder, and never more than `maxBytes`.
 */
import { constants } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import { grouped } from "../format/number.ts";
import { err, ok, type Result } from "../util/result.ts";
import { fileProblem } from "./io.ts";

/** Why a file the command line reads was not read: the exit status it gives, and the line it prints. */
export interface ReadFailure {
  exitCode: 1 | 2;
  message: string;
  /** The message is an error in the file, `FILE:LINE:COL: …`, printed as it is. */
  inFile?: true;
}

type Stats = Awaited<ReturnType<typeof stat>>;

interface InputOptions {
  /** What the file should be, for messages: "a CSV file". */
  what: string;
  maxBytes: number;
  /** The refusal of a file over `maxBytes` when the caller words it (a scenario's is placed in the file). */
  tooLarge?: (bytes: number) => ReadFailure;
}

function refusal(file: string, s: Stats, { what, maxBytes, tooLarge }: InputOptions): ReadFailure | null {
  const kind = s.isDirectory() ? "a directory" : s.isFIFO() ? "a FIFO (named pipe)" : s.isCharacterDevice() || s.isBlockDevice() ? "a device" : s.isSocket() ? "a socket" : null;
  if (kind) return { exitCode: 2, message: `${file} is ${kind}, not ${what}; allowed: a regular file` };
  if (!s.isFile()) return { exitCode: 2, message: `${file} is not a regular file; allowed: a regular file` };
  if (s.size > maxBytes) return tooLarge?.(Number(s.size)) ?? { exitCode: 2, message: `${file} is ${grouped(Number(s.size))} bytes; allowed: ${what} of at most ${grouped(maxBytes)} bytes` };
  return null;
}

/** The open file and its size; the caller closes it. */
export async function openInput(file: string, options: InputOptions): Promise<Result<{ handle: FileHandle; size: number }, ReadFailure>> {
  let handle: FileHandle | undefined;
  try {
    const before = refusal(file, await stat(file), options);
    if (before) return err(before);
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const s = await handle.stat();
    const after = refusal(file, s, options);
    if (after) {
      await handle.close();
      return err(after);
    }
    return ok({ handle, size: Number(s.size) });
  } catch (e) {
    await handle?.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return err({ exitCode: 2, message: `no such file: ${file}` });
    if (code === "ENOTDIR") return err({ exitCode: 2, message: `no such file: ${file} (a part of the path is not a directory)` });
    return err({ exitCode: 1, message: `cannot read ${file}: ${fileProblem(e)}` });
  }
}
