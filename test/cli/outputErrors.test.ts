/**
 * Standard output that cannot be written — a full disk (/dev/full) or a pipe with no reader
 * — ends every command with one line on stderr and status 1, never a stack trace. The
 * closed pipe is made before the command starts (a FIFO whose read end is already shut),
 * so the first write fails whatever the timing.
 */
import { spawn } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cli } from "./runCli.ts";

const BOOK = `creditlab: 2
name: Output errors
simulation: { paths: 4, horizonMonths: 3, seed: 1 }
segments:
  - { name: a, accounts: 100, pd: 0.05 }
`;

let dir: string;
let book: string;
let chunk: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-stdout-"));
  book = join(dir, "book.yaml");
  chunk = join(dir, "all.chunk");
  await writeFile(book, BOOK);
  await writeFile(join(dir, "perf.csv"), "account,month,state,balance\n1,1,C,100\n1,2,C,100\n1,3,F,100\n2,1,C,50\n2,2,C,50\n2,3,C,50\n");
  expect((await cli(["run", book, "--shard", "1/1", "--chunk-out", chunk])).code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every command, BOOK, CHUNK and PERF standing for the files made above. */
const COMMANDS = [
  "--help",
  "help run",
  "validate BOOK",
  "run BOOK",
  "run BOOK --json",
  "run BOOK --format csv",
  "merge CHUNK",
  "fit PERF",
];
const argsOf = (command: string) =>
  command.split(" ").map((a) => ({ BOOK: book, CHUNK: chunk, PERF: join(dir, "perf.csv") })[a] ?? a);

/** Runs the command line with `stdout` as its standard output; resolves with its status and stderr. */
function runWith(args: string[], stdout: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", stdout, "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/** The write end of a pipe whose read end is already closed. */
function brokenPipe(): number {
  const fifo = join(dir, `fifo-${Math.random().toString(36).slice(2)}`);
  execFileSync("mkfifo", [fifo]);
  // Non-blocking opens: the read end first (it needs no writer), then the write end (it needs a reader).
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  closeSync(reader);
  return writer;
}

describe("standard output that cannot be written", () => {
  it.each(COMMANDS)("a full disk: %s exits 1 with one line", async (command) => {
    const full = openSync("/dev/full", "w");
    const { code, stderr } = await runWith(argsOf(command), full);
    closeSync(full);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "creditlab: cannot write standard output: no space left on the device\n" });
  });

  it.each(COMMANDS)("a closed pipe: %s exits 1 with one line", async (command) => {
    const pipe = brokenPipe();
    const { code, stderr } = await runWith(argsOf(command), pipe);
    closeSync(pipe);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "creditlab: cannot write standard output: the reader closed it (broken pipe)\n" });
  });
});
