/** The text of `creditlab --help` (every command) and of `creditlab help CMD` / `CMD --help` (one). */
import { LIMITS } from "../scenario/schema.ts";
import { MAX_WORKERS, type CommandName } from "./args.ts";

const USAGE: Record<CommandName, string> = {
  run: `  creditlab run FILE [options]    simulate a scenario and print a summary`,
  merge: `  creditlab merge CHUNK... [--out FILE] [--json] [--samples] [--format csv]
                                  merge the chunk files of a run's shards into its result`,
  validate: `  creditlab validate FILE...      check scenarios: "ok" on stdout, or their errors on stderr`,
  fit: `  creditlab fit PERFORMANCE.csv [--macro MACRO.csv [--terms T]] [--out scenario.yaml] [--json]
  creditlab fit SERIES.csv --series [--terms T] [--out scenario.yaml] [--json]
                                  estimate a scenario's rates from account histories, each
                                  with a 95% interval, and back-test them month by month;
                                  with --macro or --series, the macro link's βs and ρ`,
  ecl: `  creditlab ecl FILE [--json] [--accounts OUT.csv]
                                  expected credit loss of the starting book (IFRS 9 or
                                  CECL) by stage, per weighted scenario and weighted`,
  reverse: `  creditlab reverse FILE --vary KEY --metric NAME [--quantile Q] --reach VALUE [--json]
                                  the value of KEY at which the metric's mean (or its
                                  quantile Q) reaches VALUE: a reverse stress test`,
  sensitivity: `  creditlab sensitivity FILE [--range KEY=LO,HI...] [--metric NAME...] [--quantile Q] [--json]
                                  each key's paired effect on the metrics at its low and
                                  high value: which assumption matters most`,
};

const FILES = `FILE is a scenario in YAML or JSON, or a notebook: a FILE ending in .md, whose
scenarios are its fenced blocks opened with \`\`\`scenario. validate checks every one;
run runs the only one, or the one --cell names. Errors point into the .md file.
FILE - reads the scenario from standard input (YAML or JSON; tapes relative to the
current folder); --out - writes to standard output.`;

const SECTIONS: Record<CommandName, () => string> = {
  run: () => `Options of run (each overrides the file's simulation keys for this run only):
  --paths N       number of simulated paths, 1 to ${LIMITS.paths.toLocaleString("en-US")}
  --seed S        seed: an integer, or any other text used as a string seed
  --workers W     worker threads, 1 to ${MAX_WORKERS} (four a core; default: the cores)
  --variant NAME  run the base and that one variant (differences are still vs the base);
                  --variant base runs the base alone
  --cell N        in a notebook, run its Nth scenario cell (1 = the first)
  --set KEY=VALUE set any scenario key as if the file said it, checked like the file;
                  KEY as errors print it (segments[0].pd) or with a list item by name
                  (segments.prime.pd); VALUE in YAML (0.04, [0.3, 0.5], {minScore: 620});
                  repeat it for several keys
  --tapes-anywhere  read loan tapes from anywhere; without it a scenario's tapes must
                  lie inside its folder (no absolute path, no .., no link out)
  --out FILE      write the result file (JSON) to FILE; --out - writes it to stdout
                  instead of the summary
  --json          print the result file to stdout instead of the summary
  --samples       add per-path values ("samples") to the result file: every per-path
                  metric of the book and of each segment, and each per-period column
  --format csv    write the per-path values instead, as one tidy table (variant,
                  segment, metric, path, period, value) to --out FILE or stdout;
                  pandas reads it with pd.read_csv(FILE)
  --shard I/N     run only the I-th of N equal, contiguous ranges of the paths (1-based);
                  needs --chunk-out
  --chunk-out F   write the raw per-path values of the paths run to F (a chunk file)
                  instead of a result file; creditlab merge turns chunks into the result
  --key-file K    sign the chunk with an HMAC-SHA256 under the key in file K (16 to
                  4096 bytes, e.g. head -c 32 /dev/urandom > K), for chunks that cross
                  a trust boundary; merge then takes it only with the same --key-file
  --progress      when stderr is not a terminal, print progress lines there
                  ("creditlab: progress DONE/TOTAL PERCENT ..."), at most one every 5 s
  --debug         show stack traces of unexpected errors
A scenario with a segment's uncertainty (pd, lgdMean, correlation) runs twice more on the
same paths, parameters at their point values and the economy at its mean path, to split the
variance of net loss and default rate into parameter, systematic and idiosyncratic parts.

The summary goes to stdout; a progress bar goes to stderr when it is a terminal.
Colors only when stdout is a terminal and NO_COLOR is not set.
Ctrl-C (SIGINT), SIGTERM or SIGHUP during a run stops it and prints a summary of the paths
finished, marked partial (the result file then says "partial": true); the exit
status is 130 after Ctrl-C, 143 after SIGTERM, 129 after SIGHUP. A second signal
exits at once.
Files are written to a temporary name beside them and renamed; a symbolic link,
a device or a folder in the way is refused, never written through.`,
  validate: () => `validate takes any number of FILEs and folders (each folder's scenario files,
*.yaml, *.yml, *.json, and notebooks, *.md, at any depth; a notebook without a
scenario cell is passed over in a folder and refused when named), and - for
standard input. One FILE prints "ok"; several print "FILE: ok" a line each.
Errors go to stderr, FILE:LINE:COL: key.path: message; the exit status is the
worst of the files'. A scenario's loan tapes are read and checked too.
  --set KEY=VALUE check each scenario with that key set (see run)
  --tapes-anywhere  read loan tapes from anywhere (see run)
  --debug         show stack traces of unexpected errors`,
  merge: () => `merge checks that the chunks come from one run (scenario sha256, seed, engine, paths)
and tile its paths with no gap or overlap, and writes the result file a single run
writes, byte for byte; else it prints each problem on a line, missing ranges named.
  --out FILE      write the result file (JSON) to FILE (- for stdout)
  --key-file K    take only chunks signed with the key in file K (see run); without
                  it a signed chunk is refused
  --json          print the result file to stdout instead of the summary
  --samples       add per-path values ("samples") to the result file
  --format csv    write the per-path values as one tidy table instead (see run)`,
  ecl: () => `ecl needs the scenario's provisioning section (standard, stage2, stage3, discount,
scenarios: the weights of the base and its variants). No paths are simulated: each
account's ECL is the sum over months of its marginal PD × LGD × EAD × discount factor
along each scenario's expected economy, exact for the model. A segment given by
accounts (no tape) is read as its expected starting book.
  --json          print { standard, ecl, stages: {"1","2","3": {accounts, exposure, ecl}},
                  scenarios: [{name, weight, ecl, stages}], notes } instead of the table
  --accounts F    write each tape row's stage and weighted ECL to F (CSV: segment, row,
                  stage, exposure, ecl); - for stdout
  --cell N        in a notebook, its Nth scenario cell (1 = the first)
  --set KEY=VALUE set a scenario key as if the file said it (see run)
  --tapes-anywhere  read loan tapes from anywhere (see run)
  --debug         show stack traces of unexpected errors`,
  reverse: () => `reverse runs the scenario again and again on the same random numbers (one seed),
with KEY set as --set sets it, and finds where the statistic reaches VALUE; a change of
KEY moves every path the same way, so the statistic is monotone in KEY and the search
has no noise between runs (the answer warns when the values run say it is not). The 95% interval of KEY holds the values at which VALUE lies
within the statistic's own 95% interval (the result file's: mean ± 1.96 standard errors,
or the quantile's order-statistic interval).
KEY must be a number of the scenario that takes a range of values: not a whole number
(accounts, months), the seed or the path count; --set of the same key moves where the
search starts. A VALUE that no value of KEY reaches (the statistic stays on one side of
it up to the end of the key's allowed range, or of --between), a statistic that does not
move with KEY, and too few paths for its 95% interval (20 for the mean, 20 beyond the
level for a quantile) exit 2, saying "cannot reach" or the paths needed.
  --vary KEY      the scenario key to vary, as --set takes it: segments[0].pd,
                  segments.cards.lgd.mean, macro.shocks[0].recession.trough
  --metric NAME   a book metric of the result file: defaultRate, lossRate, netLoss, ...
  --quantile Q    the metric's quantile at level Q (0.99); without it, its mean
  --reach VALUE   the level the statistic must reach
  --between LO,HI search KEY between LO and HI; without it the search starts at the
                  key's value in the file and steps out, doubling, to the key's limits
  --json          print the answer as JSON: vary, value, ci95, metric, quantile, reach, ...
  --variant NAME  read the metric of that variant (default: the base)
  --paths N, --seed S, --workers W, --cell N, --set KEY=VALUE, --tapes-anywhere
                  as for run
  --progress      print each run's key value and statistic on stderr`,
  sensitivity: () => `sensitivity runs the scenario as written, then with each key at its low and at its
high value (the other keys as written), every run on the same paths and random numbers.
Each key's effect on a metric is the paired change of its mean against the file's run,
path by path, with a 95% interval; keys are listed by the width of their swing, widest
first, as the bars of a tornado chart. The keys, metrics and quantile come from the
scenario's sensitivity: key; each flag given replaces that part of it.
  --range KEY=LO,HI  a key (as --set takes it) and its low and high values; repeat it
                  for each key (needed when the scenario has no sensitivity:)
  --metric NAME   a book metric (default netLoss); repeat it for several
  --quantile Q    show the metric's quantile Q at each end too, with its 95% interval
  --json          print the effects as JSON
  --variant NAME, --paths N, --seed S, --workers W, --cell N, --set KEY=VALUE,
  --tapes-anywhere  as for run`,
  fit: () => `Options of fit (see the performance file's columns in the project's docs):
  --out FILE      write the fitted scenario to FILE; without it the scenario follows
                  the report on stdout, the report as # comments, so stdout is a scenario;
                  --out - writes the scenario alone to stdout and the report to stderr
  --json          print the estimates, the back-test and the scenario as JSON
  --macro FILE    also fit the macro link: FILE has a month (YYYY-MM) or quarter
                  (YYYY-Qn) column and one column per macro variable; the βs and the
                  residual ρ are written into each segment's link
  --series        FILE is a rate series (no accounts): a month or quarter column, rate
                  or ratePercent (the period's annualized default or charge-off rate),
                  and macro columns; fits the link to the rates
  --terms T       the link's terms, comma-separated: a column (its level) with optional
                  :lagN and :changeN in months, e.g. unemployment,unemployment:change12;
                  default: every macro column's level`,
};

const EXIT_STATUS = `Exit status:
  0    success
  1    the run failed, or the file could not be read (e.g. permission denied)
  2    usage error (bad option or value, unknown variant, no such cell, an --out
       that cannot be written), no such file, a FILE that is not a regular file
       or is over 2 MB, a notebook without a scenario cell, or errors in the
       scenario, printed one a line as FILE:LINE:COL: key.path: message; chunks
       that merge refuses
  129  hung up (SIGHUP: the terminal or session closed)
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM)`;

const ORDER: readonly CommandName[] = ["run", "merge", "validate", "fit", "ecl", "reverse", "sensitivity"];

export function helpText(version: string, topic?: CommandName): string {
  const title = `creditlab ${version}: Monte Carlo credit-risk stress testing of consumer-credit books`;
  if (topic !== undefined) {
    const files = topic === "run" || topic === "validate" ? `\n\n${FILES}` : "";
    return `${title}\n\nUsage:\n${USAGE[topic]}${files}\n\n${SECTIONS[topic]()}\n\n${EXIT_STATUS}\n`;
  }
  const usage = ORDER.map((c) => USAGE[c]).join("\n");
  const sections = (["run", "fit", "ecl", "validate", "merge", "reverse", "sensitivity"] as const).map((c) => SECTIONS[c]()).join("\n\n");
  return `${title}

Usage:
${usage}
  creditlab help CMD | CMD --help a command's options alone
  creditlab --help | --version

${FILES}

${sections}

${EXIT_STATUS}
`;
}
