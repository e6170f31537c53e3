#!/usr/bin/env node
// Node 20 cannot run TypeScript itself: tsx compiles the sources as they load.
import { register } from "tsx/esm/api";

register();
try {
  const { main } = await import("../src/cli/main.ts");
  process.stdout.on("error", (e) => {
    // A closed pipe (`creditlab run x | head`) ends the output, not the program's success.
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  process.exit(await main(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`creditlab: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
  if (process.argv.includes("--debug") && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
}
