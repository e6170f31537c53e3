/**
 * The command line as a program: runs `main` on the process's arguments and exits with
 * its status. The build bundles this file into dist/node/creditlab.js, which
 * bin/creditlab.js starts; `npm run cli` runs it from source.
 */
import { writeSync } from "node:fs";
import { main } from "./main.ts";
import { fileProblem } from "./io.ts";

/**
 * Standard output that cannot be written (a full disk, a pipe whose reader has gone) ends
 * the program with one line and status 1, whatever it was doing: the output is incomplete,
 * so the command did not succeed. The line goes straight to descriptor 2, synchronously,
 * since the process exits next.
 */
let failed = false;
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (failed) return;
  failed = true;
  const why = e.code === "EPIPE" ? "the reader closed it (broken pipe)" : fileProblem(e);
  try {
    writeSync(2, `creditlab: cannot write standard output: ${why}\n`);
  } catch {
    // stderr is gone too: the status says it.
  }
  process.exit(1);
});
try {
  process.exit(await main(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`creditlab: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
  if (process.argv.includes("--debug") && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
}
