/**
 * No shipped notebook states a simulated figure by hand: a number next to a result word in
 * a notebook's prose must be a live value (`{{ cell:… metric:… }}`, README "Live values in
 * prose"), which the page fills from the run, or stand in a sentence that cites where the
 * number comes from (a published figure), or be on the short allow-list below (inputs and
 * closed forms written in words). Figures typed by hand go stale with every change of the
 * model; this test is the rule's guard.
 *
 * What counts (read here from the text alone, independently of the page's reader):
 * - prose: the notebook's text cells, less code spans, fenced blocks, HTML comments, link
 *   targets and live expressions;
 * - a sentence: text up to ". ", a line of a table, an item of a list;
 * - a figure: a number other than a year (1900–2099), a section (§4.6), a count of months,
 *   days, years, paths, accounts or points (the scenario's inputs and the settings of its
 *   run), or an item number;
 * - a result word: loss, default rate, defaults, VaR, ES, profit, income, NPL, interest,
 *   fees, shortfall, capital, mean, expected, quantile, tail, allowance, provision — within
 *   six words of the figure.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseNotebook } from "../../src/notebook/notebookFile.ts";

const DIR = new URL("../../scenarios/", import.meta.url);
const notebooks = readdirSync(DIR).filter((f) => f.endsWith(".md")).sort();
/** Scenario files, the macro library's too: their `description`s are prose a reader sees in the page and the report. */
const scenarioFiles = [
  ...readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)),
  ...readdirSync(new URL("macro/", DIR)).filter((f) => /\.ya?ml$/.test(f)).map((f) => `macro/${f}`),
].sort();

const RESULT_WORD = /^(loss|losses|lost|loses|lose|default|defaults|defaulted|VaR|ES|profit|profits|income|earns|earn|NPL|interest|fees|shortfall|capital|mean|expected|quantile|tail|allowance|provision|provisions|ECL|charge-offs?|recovery|recoveries|revolve|revolving|rate)$/i;

/** A number and the unit that may follow it. */
const NUMBER = /(?<![\w§.])[−+-]?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|pp|bp|million|billion|bn|M|k)\b|%)?/g;

/** Units after which a number is an input or a setting, not a result. */
const NOT_A_FIGURE_AFTER = /^\s*-?(?:months?|days?|years?|paths?|accounts?|lines?|loans?|exposure|of exposure|borrowers?|applicants?|points?|segments?|buckets?|standard deviations?|σ|times|cells?|variants?|runs?|people|users|quarters?|periods?|rows?|columns?|bins?|yuan a|payments?|missed|new)\b/i;

/** After a percentage, words that make it a level, not a figure. */
const LEVEL_AFTER = /^\s*(?:VaR|ES|value at risk|expected shortfall|quantile|interval|confidence|percentile|level|tail|point|of the paths|of paths|paired|one-sided|two-sided|worst)\b/i;

/**
 * Published figures and inputs the notebooks quote in words, each with its source or reason.
 * A sentence naming a source (the words in CITED) is allowed as a whole.
 */
const CITED = /\b(prospectus|FCA|PS\d+\/\d+|notice|No\. \d+|Basel|EBA|IFRS|CECL|FFIEC|OCC|CFPB|NBS|PBoC|NFRA|CBIRC|CBRC|Fed(?:eral Reserve)?|FRED|BIS|Vasicek|closed form|formula|Moody's|S&P|annual report|reported|reports|published|according to|as summarized|guides?|survey|statistics|Ant(?:'s| Group)|Jiemian|R\.K\. Hammer|Hyndman|Gordy)\b/;

/**
 * Phrases quoting an input in words (what the scenario sets, not what it gives), by
 * notebook: each is taken out of its sentence before the sentence is read.
 */
const INPUTS: Record<string, RegExp[]> = {
  // The variants' targets of unemployment.
  "unemployment-shock.md": [/\b(?:rise|path|up|reaches|raise it) to (?:7|10)%/g],
  // The tranches' attachment and detachment points.
  "risk-sharing.md": [/\b\d+-\d+%/g, /\buntil 6% of the book\b/g],
  // IFRS 9's stages are names, not figures: "stage 2", "stages 2 and 3".
  "ifrs9-provisions.md": [/\b[Ss]tages? [123](?:(?:,| and| or| to) [123])*\b/g],
};

interface Finding {
  file: string;
  figure: string;
  word: string;
  sentence: string;
}

/** The prose of a text cell as this test reads it. */
function prose(text: string): string {
  return text
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[^\n]*|(?![\s\S]))/gm, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/\{\{[^{}]*\}\}/g, " LIVE ")
    .replace(/(`+)[\s\S]*?\1/g, " CODE ")
    .replace(/\]\([^)]*\)/g, "")
    .replace(/\[/g, "")
    .replace(/[*_]/g, "");
}

/**
 * A table's rows carry the sentence before the table and its header row, so that a table
 * introduced as "the closed form gives:" or headed "closed form" is cited as a whole.
 */
function sentences(text: string): string[] {
  const out: string[] = [];
  let context = "";
  let header: string | null = null;
  for (const s of plainSentences(text)) {
    if (!s.startsWith("|")) {
      context = s;
      header = null;
      out.push(s);
    } else if (header === null) {
      header = s;
      out.push(s);
    } else if (!/^\|[\s|:-]*$/.test(s)) out.push(CITED.test(`${context} ${header}`) ? `${s} (closed form)` : s);
  }
  return out;
}

function plainSentences(text: string): string[] {
  return text.split(/\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.|\|)\s)|(?<=[.;:!?])\s+(?=[A-Z(“"])/).map((s) => s.replace(/\s+/g, " ").trim()).filter(Boolean);
}

/** The descriptions of a scenario's text (YAML or JSON): the file's and its variants'. */
function descriptions(text: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return []; // a cell being written, or an example of an error: the golden runs read the scenarios
  }
  if (typeof doc !== "object" || doc === null) return [];
  const d = doc as { description?: unknown; variants?: { description?: unknown }[] };
  return [d.description, ...(Array.isArray(d.variants) ? d.variants.map((v) => v?.description) : [])].filter((x): x is string => typeof x === "string");
}

/** The prose of a notebook: its text cells and its scenario cells' descriptions; of a scenario file, its descriptions. */
function texts(file: string, text: string): string[] {
  if (!file.endsWith(".md")) return descriptions(text);
  return parseNotebook(text).cells.flatMap((cell) => (cell.kind === "markdown" ? [cell.text] : descriptions(cell.code)));
}

function findings(file: string, text: string): Finding[] {
  const out: Finding[] = [];
  const inputs = INPUTS[file] ?? [];
  for (const cellText of texts(file, text)) {
    for (const read of sentences(prose(cellText))) {
      if (CITED.test(read)) continue;
      const sentence = inputs.reduce((s, r) => s.replace(r, " INPUT "), read);
      if (/^#/.test(sentence)) continue; // a heading
      for (const m of sentence.matchAll(NUMBER)) {
        const figure = m[0].trim();
        const at = m.index ?? 0;
        const after = sentence.slice(at + m[0].length);
        if (/^(19|20)\d\d$/.test(figure)) continue; // a year
        if (NOT_A_FIGURE_AFTER.test(after)) continue;
        const before = sentence.slice(0, at);
        if (/%$/.test(figure) && (LEVEL_AFTER.test(after) || /\b(?:VaR|ES|quantile)(?:\s+at)?\s*$/.test(before) || (/^9\d(?:\.\d+)?%$/.test(figure) && /\b(?:at|its|or)\s*$/.test(before)))) continue; // a level: "99% VaR", "ES 99%"
        if (/(?:^|[\s(])[ρεαβσpkn]\s*=\s*$/.test(before)) continue; // a parameter set in a formula: "ρ = 0.15"
        if (/\bwithin\s*$/.test(before)) continue; // an exercise's tolerance
        if (/\b(?:months?|period|§)\s*$/.test(before)) continue; // a month's number: "in month 24"
        if (/\bCODE\s+(?:to|at|of|from|=)?\s*$/.test(before)) continue; // an input set by its key: "raise `interchange` to 0.006"
        if (/[√(·×⁻=^]\s*$/.test(before) || /^\s*[−·×)²^]/.test(after)) continue; // a term of a formula: "√(1 − ρ)", "0.85 × the default rate"
        if (/^[^.;]{0,40}?\bCODE\b/.test(after) && !/\bLIVE\b/.test(after.slice(0, 40))) continue; // an input, named by its key: "0.8% of the amount (`interchange`)"
        if (/^\d\.$/.test(figure) || /^\d+$/.test(figure) && /^\s*(\.|\)|\|?\s*$)/.test(after) && Number(figure) < 20) continue; // an item's number
        const words = (s: string) => s.split(/[\s,;()—–/|]+/).filter(Boolean);
        const near = [...words(sentence.slice(0, at)).slice(-6), ...words(after).slice(0, 6)];
        const word = near.find((w) => RESULT_WORD.test(w.replace(/[.:'’s]+$/, "")) || RESULT_WORD.test(w));
        if (word) out.push({ file, figure, word, sentence: sentence.length > 160 ? `${sentence.slice(0, 157)}…` : sentence });
      }
    }
  }
  return out;
}

describe("the notebooks' prose", () => {
  it("finds a hand-typed result figure, and lets a live value, a cited figure and an input stand", () => {
    expect(findings("t.md", "The net loss is 5.18 million.\n")).toHaveLength(1);
    expect(findings("t.md", "| net loss | 3.92 million |\n")).toHaveLength(1);
    expect(findings("t.md", "The net loss is {{ cell:a metric:netLoss }}.\n")).toHaveLength(0);
    expect(findings("t.md", "Ant's prospectus reported 1.01% of balances 90 days past due, a default rate.\n")).toHaveLength(0);
    expect(findings("t.md", "Ten thousand loans over 24 months lose money; `pd: 0.02` sets the default rate.\n")).toHaveLength(0);
    expect(findings("t.md", "```scenario\nloss: 0.5\n```\n")).toHaveLength(0);
  });

  it("reads a scenario's descriptions, the file's and its variants'", () => {
    expect(findings("t.yaml", "description: The net loss is 5.18 million.\nvariants:\n  - name: b\n    description: Its profit is 2.1M.\n")).toHaveLength(2);
    expect(findings("t.md", "```scenario\ndescription: The net loss is 5.18 million.\n```\n")).toHaveLength(1);
  });

  it.each([...notebooks, ...scenarioFiles])("%s states no simulated figure by hand", (file) => {
    const found = findings(file, readFileSync(new URL(file, DIR), "utf8"));
    expect(found.map((f) => `${f.figure} near "${f.word}": ${f.sentence}`)).toEqual([]);
  });
});
