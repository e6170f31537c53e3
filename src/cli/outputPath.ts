/**
 * Checks a path a command will write to, before any work starts (INTERFACE.md: an
 * unwritable `--out` is a usage error, found before the simulation, not after it). The
 * check asks the file system itself: an existing file is opened for writing (not
 * truncated), a new one is created and removed again, since permission bits alone do not
 * tell (root ignores them; a read-only file system does not).
 */
import { constants } from "node:fs";
import { open, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { fileProblem } from "./io.ts";
import { replaceProblem, STDIO } from "./writeOutput.ts";

/** Null when `flag`'s `path` can be written, else one line saying why not. */
export async function checkOutputPath(flag: string, path: string): Promise<string | null> {
  if (path === STDIO) return null;
  // A link, a device or a FIFO is never written through (writeOutput.ts).
  const refused = await replaceProblem(path);
  if (refused) return `${flag} ${path} ${refused}`;
  const existing = await stat(path).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : e));
  if (existing instanceof Error) return `${flag} ${path}: ${fileProblem(existing)}`;
  if (existing?.isDirectory()) return `${flag} ${path} is a directory; allowed: a file name, in an existing folder`;
  if (existing) {
    // O_NONBLOCK: a FIFO with no reader is refused (ENXIO), not waited on.
    return writable(flag, path, () => open(path, constants.O_WRONLY | constants.O_NONBLOCK));
  }
  const folder = dirname(path);
  const parent = await stat(folder).catch(() => null);
  if (!parent) return `${flag} ${path}: the folder ${folder} does not exist; allowed: a file name, in an existing folder`;
  if (!parent.isDirectory()) return `${flag} ${path}: ${folder} is not a folder; allowed: a file name, in an existing folder`;
  return writable(flag, path, async () => {
    const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
    await unlink(path);
    return handle;
  });
}

async function writable(flag: string, path: string, openIt: () => Promise<{ close(): Promise<void> }>): Promise<string | null> {
  try {
    await (await openIt()).close();
    return null;
  } catch (e) {
    return `${flag} ${path} cannot be written: ${fileProblem(e)}`;
  }
}
