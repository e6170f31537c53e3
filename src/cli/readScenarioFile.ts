/**
 * Reads a scenario file named on the command line. A missing file or a directory is the
 * caller's mistake (exit 2, like a bad flag); any other failure to read is exit 1.
 */
import { readFile } from "node:fs/promises";
import { err, ok, type Result } from "../util/result.ts";
import { fileProblem } from "./io.ts";

export interface ReadFailure {
  exitCode: 1 | 2;
  message: string;
}

export async function readScenarioFile(file: string): Promise<Result<string, ReadFailure>> {
  try {
    return ok(await readFile(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return err({ exitCode: 2, message: `no such file: ${file}` });
    if (code === "EISDIR") return err({ exitCode: 2, message: `${file} is a directory, not a scenario file` });
    return err({ exitCode: 1, message: `cannot read ${file}: ${fileProblem(e)}` });
  }
}
