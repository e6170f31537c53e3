/**
 * `creditlab`: parses the command, runs it and returns the exit status of INTERFACE.md:
 * 0 success, 1 a failure, 2 a usage or scenario error, 130 interrupted. Every message is
 * one line on stderr; a stack trace only with --debug.
 */
import { parseCommand, type Command } from "./args.ts";
import { helpText } from "./help.ts";
import { complain, EXIT, write } from "./io.ts";
import { readScenarioFile } from "./readScenarioFile.ts";
import { runCommand } from "./runCommand.ts";
import { ENGINE_VERSION } from "../run/runScenario.ts";
import { formatScenarioError } from "../scenario/errors.ts";
import { parseScenario } from "../scenario/parse.ts";

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommand(argv);
  if (!parsed.ok) {
    await complain(parsed.error);
    return EXIT.usage;
  }
  const command = parsed.value;
  try {
    return await execute(command);
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
      await write(process.stdout, helpText(ENGINE_VERSION));
      return EXIT.ok;
    case "version":
      await write(process.stdout, ENGINE_VERSION + "\n");
      return EXIT.ok;
    case "validate":
      return validate(command.file);
    case "run":
      return runCommand(command);
    default:
      return command satisfies never;
  }
}

async function validate(file: string): Promise<number> {
  const text = await readScenarioFile(file);
  if (!text.ok) {
    await complain(text.error.message);
    return text.error.exitCode;
  }
  const parsed = parseScenario(text.value, file);
  if (parsed.ok) {
    await write(process.stdout, "ok\n");
    return EXIT.ok;
  }
  await write(process.stderr, parsed.error.map((e) => formatScenarioError(e) + "\n").join(""));
  return EXIT.usage;
}
