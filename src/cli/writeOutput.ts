/**
 * One way to write a file the command line produces (a result, a chunk, a fitted
 * scenario): `-` is standard output; any other path is written to a temporary file created
 * exclusively in the target's folder (O_EXCL with O_NOFOLLOW: a link planted under its name
 * is refused, never followed) and renamed over the target only when the target is a
 * regular file or absent. So a killed write leaves no half file under the target's name,
 * and a symbolic link, a device or a FIFO at the target is refused, not written through.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileProblem, write } from "./io.ts";

/** The name that means standard input or output. */
export const STDIO = "-";

/** Why `path` may not be replaced: null for a regular file or a free name. */
export async function replaceProblem(path: string): Promise<string | null> {
  const stats = await lstat(path).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : e));
  if (stats === null) return null;
  if (stats instanceof Error) return fileProblem(stats);
  if (stats.isSymbolicLink()) return "is a symbolic link; allowed: a regular file or a new name";
  if (stats.isDirectory()) return "is a directory; allowed: a file name, in an existing folder";
  if (!stats.isFile()) return "is not a regular file; allowed: a regular file or a new name";
  return null;
}

/** Writes `data` to `path` (standard output for `-`); throws one line on failure. */
export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  if (path === STDIO) {
    await write(process.stdout, data);
    return;
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.part`);
  let created = false;
  try {
    const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    created = true;
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    // Checked again just before the rename: the target may have been replaced since the run began.
    const refused = await replaceProblem(path);
    if (refused) throw new Error(`${path} ${refused}`);
    await rename(temporary, path);
    created = false;
  } catch (e) {
    if (created) await rm(temporary, { force: true });
    const message = e instanceof Error && e.message.startsWith(path) ? e.message : `${path}: ${fileProblem(e)}`;
    throw new Error(`cannot write ${message}`, { cause: e });
  }
}
