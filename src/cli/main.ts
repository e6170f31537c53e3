/**
 * `creditlab`: parses the command, runs it and returns the exit status of INTERFACE.md:
 * 0 success, 1 a failure, 2 a usage or scenario error, 130 interrupted. Every message is
 * one line on stderr; a stack trace only with --debug.
 */
import { parseCommand, type Command } from "./args.ts";
import { helpText } from "./help.ts";
import { complain, endErrorLines, errorLines, EXIT, write } from "./io.ts";
import { inputLabel, readScenarioFile, reportReadFailure } from "./readScenarioFile.ts";
import { expandFolders } from "./scenarioFiles.ts";
import { scenarioBlocks } from "../notebook/notebookFile.ts";
import { notebookInputErrors } from "../notebook/inputs.ts";
import { mergeCommand } from "./mergeCommand.ts";
import { fitCommand } from "./fitCommand.ts";
import { eclCommand } from "./eclCommand.ts";
import { runCommand } from "./runCommand.ts";
import { reverseCommand } from "./reverseCommand.ts";
import { sensitivityCommand } from "./sensitivityCommand.ts";
import { isNotebookFile, placeErrors, scenarioSources } from "./scenarioSources.ts";
import { ENGINE_VERSION } from "../run/runScenario.ts";
import { formatScenarioError, type ScenarioError } from "../scenario/errors.ts";
import { parseWithTapes, type TapeReach } from "./readTapes.ts";
import { withSettings, type Setting } from "./settings.ts";

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommand(argv);
  if (!parsed.ok) {
    await complain(parsed.error);
    return EXIT.usage;
  }
  const command = parsed.value;
  try {
    const status = await execute(command);
    await endErrorLines();
    return status;
  } catch (e) {
    const debug = "debug" in command && command.debug;
    await complain(e instanceof Error ? e.message.split("\n")[0] : String(e));
    if (debug && e instanceof Error && e.stack) await write(process.stderr, e.stack + "\n");
    return EXIT.failed;
  }
}

async function execute(command: Command): Promise<number> {
  switch (command.kind) {
    case "help":
      await write(process.stdout, helpText(ENGINE_VERSION, command.topic));
      return EXIT.ok;
    case "version":
      await write(process.stdout, ENGINE_VERSION + "\n");
      return EXIT.ok;
    case "validate":
      return validateAll(command.files, { settings: command.set, reach: command.tapesAnywhere ? "anywhere" : "folder" });
    case "run":
      return runCommand(command);
    case "merge":
      return mergeCommand(command);
    case "fit":
      return fitCommand(command);
    case "ecl":
      return eclCommand(command);
    case "reverse":
      return reverseCommand(command);
    case "sensitivity":
      return sensitivityCommand(command);
    default:
      return command satisfies never;
  }
}

/**
 * Checks each file named, and each scenario file and notebook in each folder named; one
 * file prints `ok`, several `FILE: ok` a line each. The exit status is the worst of them.
 */
async function validateAll(named: readonly string[], options: { settings: readonly Setting[]; reach: TapeReach }): Promise<number> {
  const files = await expandFolders(named);
  if (!files.ok) {
    await complain(files.error);
    return EXIT.usage;
  }
  if (files.value.length === 0) {
    await complain(`no scenario files or notebooks in ${named.join(", ")}; allowed: *.yaml, *.yml, *.json, *.md`);
    return EXIT.usage;
  }
  let worst: number = EXIT.ok;
  for (const { file, found } of files.value) {
    const status = await validate(file, { found, many: files.value.length > 1, ...options });
    worst = Math.max(worst, status);
  }
  return worst;
}

/** Checks a scenario file, or every scenario cell of a notebook. `found`: it was found in a folder, not named. */
async function validate(file: string, how: { found: boolean; many: boolean; settings: readonly Setting[]; reach: TapeReach }): Promise<number> {
  const text = await readScenarioFile(file);
  if (!text.ok) return reportReadFailure(text.error);
  const label = inputLabel(file);
  // A folder's Markdown that holds no scenario is prose (a README), not a notebook.
  if (how.found && isNotebookFile(file) && scenarioBlocks(text.value).length === 0) return EXIT.ok;
  const sources = scenarioSources(text.value, label);
  if (!sources.ok) {
    await complain(sources.error);
    return EXIT.usage;
  }
  const notes: ScenarioError[] = [];
  const errors: ScenarioError[] = [];
  const lines: string[] = [];
  let failed: number | null = null;
  for (const source of sources.value) {
    // The loan tapes its segments name are read and checked too.
    const read = await parseWithTapes(source.text, source.file, file, how.reach);
    if (!read.ok) {
      lines.push(...read.error.lines);
      failed = Math.max(failed ?? 0, read.error.exitCode);
      continue;
    }
    lines.push(...read.value.notes);
    const { parsed } = read.value;
    if (parsed.ok) notes.push(...placeErrors(parsed.value.notes, source));
    else errors.push(...placeErrors(parsed.error, source));
    if (parsed.ok && how.settings.length > 0) {
      const set = await withSettings(source, file, how.settings, how.reach);
      if (!set.ok) {
        lines.push(...set.error.lines);
        failed = Math.max(failed ?? 0, set.error.exitCode);
      }
    }
  }
  // A notebook's inputs, each bound to a key of a labelled cell (README, "Inputs in prose").
  if (isNotebookFile(file)) errors.push(...notebookInputErrors(text.value, label));
  await errorLines(notes.map(formatScenarioError));
  await errorLines(lines);
  if (failed !== null && errors.length === 0) return failed;
  if (errors.length === 0) {
    await write(process.stdout, how.many ? `${label}: ok\n` : "ok\n");
    return EXIT.ok;
  }
  await errorLines(errors.map(formatScenarioError));
  return EXIT.usage;
}
