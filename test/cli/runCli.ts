/** The real command line, spawned as a user would run it: `node bin/creditlab.js …`. */
import { execFile } from "node:child_process";

export const BIN = new URL("../../bin/creditlab.js", import.meta.url).pathname;

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end; a non-zero exit is a value, not a failure of the test. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
