/**
 * The command line on notebooks (.md files), spawned as a user would run it. A cell's
 * result is checked against the same YAML run as a scenario file, and error positions
 * are found in the notebook's text itself, not derived from the program's own parser.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./runCli.ts";

const FIRST = `creditlab: 2
name: Tiny notebook one
simulation:
  paths: 20
  horizonMonths: 6
  seed: 11
segments:
  - name: prime
    accounts: 300
    missRate: 0.04
    apr: 0.2
`;

const SECOND = `creditlab: 2
name: Tiny notebook two
simulation:
  paths: 20
  horizonMonths: 3
  seed: 12
segments:
  - name: near prime
    accounts: 200
    missRate: 0.08
    apr: 0.25
`;

const BROKEN_SECOND = `creditlab: 2
name: Broken second
segments:
  - name: prime
    accounts: 200
    missRate: 1.5
    colour: red
`;

/** Prose, the cells in order, and a non-scenario fence that is not a cell. */
function notebook(...cells: string[]): string {
  const blocks = cells.map((code, k) => `## Cell ${k + 1}\n\nSome prose.\n\n\`\`\`scenario\n${code}\`\`\`\n`);
  return `# A notebook\n\nIntroduction.\n\n\`\`\`yaml\nname: not a cell\n\`\`\`\n\n${blocks.join("\n")}`;
}

const ONE = notebook(FIRST);
const TWO = notebook(FIRST, SECOND);
const BROKEN = notebook(FIRST, BROKEN_SECOND);

/** 1-based LINE:COL of the character at `offset` in `text`. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `${before.split("\n").length}:${offset - before.lastIndexOf("\n")}`;
}

let dir: string;
const file: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-notebook-"));
  const texts = { "one.md": ONE, "two.md": TWO, "broken.md": BROKEN, "first.yaml": FIRST, "second.yaml": SECOND, "prose.md": "# Only prose\n\n```yaml\na: 1\n```\n" };
  for (const [name, text] of Object.entries(texts)) {
    file[name] = join(dir, name);
    await writeFile(file[name], text);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("creditlab validate on a notebook", () => {
  it("prints ok when every scenario cell is valid", async () => {
    expect(await cli(["validate", file["two.md"]])).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
  });

  it("places errors of the second cell at their line and column in the .md file", async () => {
    const { code, stdout, stderr } = await cli(["validate", file["broken.md"]]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const pd = BROKEN.indexOf("1.5", BROKEN.indexOf("missRate: 1.5"));
    const colour = BROKEN.indexOf("colour: red");
    // FILE:LINE:COL: key.path, up to the message.
    expect(stderr.trimEnd().split("\n").map((l) => l.split(": ").slice(0, 2).join(": "))).toEqual([
      `${file["broken.md"]}:${lineCol(BROKEN, pd)}: segments[0].missRate`,
      `${file["broken.md"]}:${lineCol(BROKEN, colour)}: segments[0].colour`,
    ]);
    // The second cell starts well below the first, so a place counted in the cell alone would differ.
    expect(Number(lineCol(BROKEN, pd).split(":")[0])).toBeGreaterThan(BROKEN_SECOND.split("\n").length);
  });

  it("refuses a notebook without a scenario cell with one line and exit 2", async () => {
    const { code, stdout, stderr } = await cli(["validate", file["prose.md"]]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^creditlab: [^\n]*prose\.md has no scenario cell[^\n]*\n$/);
  });
});

describe("creditlab run on a notebook", () => {
  it("runs a one-cell notebook to the same result file as the same scenario in a .yaml file", async () => {
    const [fromNotebook, fromYaml] = await Promise.all([cli(["run", file["one.md"], "--json"]), cli(["run", file["first.yaml"], "--json"])]);
    expect(fromNotebook.code).toBe(0);
    expect(JSON.parse(fromNotebook.stdout).scenario.name).toBe("Tiny notebook one");
    expect(fromNotebook.stdout).toBe(fromYaml.stdout);
  });

  it("needs --cell when there are several scenario cells, and lists them", async () => {
    const { code, stdout, stderr } = await cli(["run", file["two.md"]]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^creditlab: .*two\.md has 2 scenario cells; choose one with --cell N/);
    expect(lines.slice(1).map((l) => l.trim())).toEqual(["1: Tiny notebook one", "2: Tiny notebook two"]);
  });

  it("--cell 2 runs the second scenario cell", async () => {
    const [fromNotebook, fromYaml] = await Promise.all([cli(["run", file["two.md"], "--cell", "2", "--json"]), cli(["run", file["second.yaml"], "--json"])]);
    expect(fromNotebook.code).toBe(0);
    expect(JSON.parse(fromNotebook.stdout).scenario.name).toBe("Tiny notebook two");
    expect(fromNotebook.stdout).toBe(fromYaml.stdout);
  });

  it("names the cell in the summary", async () => {
    const { code, stdout } = await cli(["run", file["two.md"], "--cell", "1"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`file     ${file["two.md"]}, cell 1  (sha256 `);
  });

  it("places errors of the chosen cell in the .md file", async () => {
    const { code, stderr } = await cli(["run", file["broken.md"], "--cell", "2"]);
    expect(code).toBe(2);
    const pd = BROKEN.indexOf("1.5", BROKEN.indexOf("missRate: 1.5"));
    expect(stderr.startsWith(`${file["broken.md"]}:${lineCol(BROKEN, pd)}: segments[0].missRate: `)).toBe(true);
  });

  it.each([
    [["two.md", "--cell", "0"], /^creditlab: --cell must be a whole number 1 or more, got "0"\n$/],
    [["two.md", "--cell", "x"], /^creditlab: --cell must be a whole number 1 or more, got "x"\n$/],
    [["two.md", "--cell", "9"], /^creditlab: --cell 9: .*two\.md has 2 scenario cells:\n +1: Tiny notebook one\n +2: Tiny notebook two\n$/],
    [["one.md", "--cell", "2"], /^creditlab: --cell 2: .*one\.md has one scenario cell:\n +1: Tiny notebook one\n$/],
    [["first.yaml", "--cell", "1"], /^creditlab: --cell picks a scenario cell of a notebook \(a \.md file\); .*first\.yaml is a scenario file\n$/],
    [["prose.md"], /^creditlab: .*prose\.md has no scenario cell/],
  ])("run %j exits 2 and says why", async ([name, ...flags], message) => {
    const { code, stdout, stderr } = await cli(["run", file[name], ...flags]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(message);
  });

  it("--help tells of notebooks and --cell", async () => {
    const { stdout } = await cli(["--help"]);
    expect(stdout).toContain("--cell N");
    expect(stdout).toContain(".md");
  });
});

describe("one cap of error lines for a whole command", () => {
  let dir = "";
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), "creditlab-cap-"))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("five cells of 30 errors each print 100 lines and one count, not 150", async () => {
    // Each cell: 30 unknown keys, each an error line of its own.
    const cell = (k: number) => ["```scenario", "creditlab: 2", `name: Cell ${k}`, "segments:", "  - { name: s, accounts: 10, pd: 0.02 }", ...Array.from({ length: 30 }, (_, i) => `extra${i}: 1`), "```"].join("\n");
    const file = join(dir, "many.md");
    await writeFile(file, ["# Many bad cells", ...[1, 2, 3, 4, 5].map(cell)].join("\n\n") + "\n");
    const ran = await cli(["validate", file]);
    expect(ran.code).toBe(2);
    const lines = ran.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(101);
    expect(lines.slice(0, 100).every((l) => l.startsWith(`${file}:`) && / extra\d+: /.test(l))).toBe(true);
    expect(lines[100]).toBe("creditlab: 50 more lines not shown; allowed: fix the errors above first");
  });
});
