/**
 * The files `validate` checks: each FILE named as it is (so a missing one is reported as
 * such), and in each folder named every scenario file and notebook at any depth, in a
 * stable order, so that `creditlab validate scenarios/` serves a pre-commit hook.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { err, ok, type Result } from "../util/result.ts";

/** What a folder's scenario files end in: YAML and JSON scenarios, and notebooks. */
const SCENARIO_FILE = /\.(ya?ml|json|md)$/i;

/** Folders never looked into: hidden ones and installed packages. */
const SKIPPED = (name: string): boolean => name.startsWith(".") || name === "node_modules";

export interface NamedFile {
  file: string;
  /** Found in a folder rather than named: a Markdown file with no scenario cell is prose then. */
  found: boolean;
}

export async function expandFolders(named: readonly string[]): Promise<Result<NamedFile[], string>> {
  if (named.filter((f) => f === "-").length > 1) return err("standard input (-) can be named once");
  const files: NamedFile[] = [];
  for (const name of named) {
    const stats = name === "-" ? null : await stat(name).catch(() => null);
    if (!stats?.isDirectory()) {
      files.push({ file: name, found: false });
      continue;
    }
    const entries = await readdir(name, { recursive: true, withFileTypes: true });
    const inside = entries
      .filter((e) => e.isFile() && SCENARIO_FILE.test(e.name))
      .map((e) => join(e.parentPath, e.name))
      .filter((path) => !path.slice(name.length).split(/[\\/]/).some(SKIPPED))
      .sort();
    files.push(...inside.map((file) => ({ file, found: true })));
  }
  return ok(files);
}
