/** The text of `creditlab --help`. */
import { LIMITS } from "../scenario/schema.ts";
import { MAX_WORKERS } from "./args.ts";

export function helpText(version: string): string {
  return `creditlab ${version}: Monte Carlo credit-risk stress testing of consumer-credit books

Usage:
  creditlab run FILE [options]    simulate a scenario and print a summary
  creditlab merge CHUNK... [--out FILE] [--json] [--samples]
                                  merge the chunk files of a run's shards into its result
  creditlab validate FILE         check a scenario: "ok" on stdout, or its errors on stderr
  creditlab fit PERFORMANCE.csv [--out scenario.yaml] [--json]
                                  estimate a scenario's rates from account histories, each
                                  with a 95% interval, and back-test them month by month
  creditlab --help | --version

FILE is a scenario in YAML or JSON, or a notebook: a FILE ending in .md, whose
scenarios are its fenced blocks opened with \`\`\`scenario. validate checks every one;
run runs the only one, or the one --cell names. Errors point into the .md file.

Options of run (each overrides the file's simulation keys for this run only):
  --paths N       number of simulated paths, 1 to ${LIMITS.paths.toLocaleString("en-US")}
  --seed S        seed: an integer, or any other text used as a string seed
  --workers W     worker threads, 1 to ${MAX_WORKERS} (default: the machine's cores)
  --variant NAME  run the base and that one variant (differences are still vs the base);
                  --variant base runs the base alone
  --cell N        in a notebook, run its Nth scenario cell (1 = the first)
  --out FILE      write the result file (JSON) to FILE
  --json          print the result file to stdout instead of the summary
  --samples       add per-path values ("samples") to the result file
  --shard I/N     run only the I-th of N equal, contiguous ranges of the paths (1-based);
                  needs --chunk-out
  --chunk-out F   write the raw per-path values of the paths run to F (a chunk file)
                  instead of a result file; creditlab merge turns chunks into the result
  --progress      when stderr is not a terminal, print progress lines there
                  ("creditlab: progress DONE/TOTAL PERCENT ..."), at most one every 5 s
  --debug         show stack traces of unexpected errors

Options of fit (see the performance file's columns in the project's docs):
  --out FILE      write the fitted scenario to FILE; without it the scenario follows
                  the report on stdout, the report as # comments, so stdout is a scenario
  --json          print the estimates, the back-test and the scenario as JSON

The summary goes to stdout; a progress bar goes to stderr when it is a terminal.
Colors only when stdout is a terminal and NO_COLOR is not set.
Ctrl-C (SIGINT) or SIGTERM during a run stops it and prints a summary of the paths
finished, marked partial (the result file then says "partial": true); the exit
status is 130 after Ctrl-C, 143 after SIGTERM. A second signal exits at once.

merge checks that the chunks come from one run (scenario sha256, seed, engine, paths)
and tile its paths with no gap or overlap, and writes the result file a single run
writes, byte for byte; else it prints each problem on a line, missing ranges named.

Exit status:
  0    success
  1    the run failed, or the file could not be read (e.g. permission denied)
  2    usage error (bad option or value, unknown variant, no such cell, an --out
       that cannot be written), no such file, a FILE that is not a regular file
       or is over 2 MB, a notebook without a scenario cell, or errors in the
       scenario, printed one a line as FILE:LINE:COL: key.path: message; chunks
       that merge refuses
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM)
`;
}
