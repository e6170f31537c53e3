/** Exit statuses and writes that finish before the process exits. */

/**
 * INTERFACE.md: 0 success, 1 a failure, 2 a usage or scenario error; 130 after Ctrl-C
 * (128 + SIGINT), 143 after SIGTERM (128 + 15) and 129 after SIGHUP (128 + 1), as shells
 * report a process ended by them.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, hangup: 129, interrupted: 130, terminated: 143 } as const;

/** Writes `text` and resolves once it is handed to the OS, so exiting next loses nothing. */
export const write = (stream: NodeJS.WriteStream, text: string | Uint8Array): Promise<void> =>
  new Promise((resolve, reject) => stream.write(text, (e) => (e ? reject(e) : resolve())));

/** One line on stderr, prefixed with the program's name. */
export const complain = (message: string): Promise<void> => write(process.stderr, `creditlab: ${message}\n`);

const ERRNO: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ENOSPC: "no space left on the device",
  ENXIO: "no process reads from it",
  EROFS: "read-only file system",
  EFBIG: "file too large for the size limit in force (ulimit -f)",
};

/** Why a file operation failed, in words. */
export function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && code in ERRNO) return ERRNO[code];
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}

/** Most error lines one command prints, whatever number of files, cells and tapes it reads (INTERFACE.md). */
const MAX_LINES = 100;

/**
 * Error lines of the whole command through one budget: the first 100 are written, the
 * rest counted, and `endErrorLines` says how many were left out. Each reader caps its own
 * lines too; this cap is the command's, so five bad cells print 100 lines, not 505.
 */
const budget = { written: 0, held: 0 };

/** Writes error lines to stderr within the command's budget of 100. */
export async function errorLines(lines: readonly string[]): Promise<void> {
  const room = Math.max(0, MAX_LINES - budget.written);
  const shown = lines.slice(0, room);
  budget.written += shown.length;
  budget.held += lines.length - shown.length;
  if (shown.length > 0) await write(process.stderr, shown.map((l) => l + "\n").join(""));
}

/** At the end of a command: one line counting the error lines left out, if any were. */
export async function endErrorLines(): Promise<void> {
  if (budget.held > 0) await complain(`${budget.held} more line${budget.held === 1 ? "" : "s"} not shown; allowed: fix the errors above first`);
  budget.written = 0;
  budget.held = 0;
}
