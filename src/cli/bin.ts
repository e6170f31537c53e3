/**
 * The command line as a program: runs `main` on the process's arguments and exits with
 * its status. The build bundles this file into dist/node/creditlab.js, which
 * bin/creditlab.js starts; `npm run cli` runs it from source.
 */
import { main } from "./main.ts";

process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  // A closed pipe (`creditlab run x | head`) ends the output, not the program's success.
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
try {
  process.exit(await main(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`creditlab: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
  if (process.argv.includes("--debug") && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
}
