/**
 * Builds dist/node before any test file runs: the command-line tests spawn the built
 * program, as a user runs it, so they always test the sources beside them.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const script = fileURLToPath(new URL("../scripts/buildNode.mjs", import.meta.url));
  const built = spawnSync(process.execPath, [script], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`the Node build failed:\n${built.stdout}${built.stderr}`);
}
