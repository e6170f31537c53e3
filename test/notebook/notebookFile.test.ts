import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  insertCell,
  moveCell,
  notebookFromScenarioFile,
  removeCell,
  notebookTitle,
  parseNotebook,
  scenarioBlocks,
  scenarioCell,
  serializeNotebook,
  type Notebook,
} from "../../src/notebook/notebookFile.ts";

const roundTrip = (text: string) => serializeNotebook(parseNotebook(text));
const kinds = (nb: Notebook) => nb.cells.map((c) => c.kind).join(",");

describe("parseNotebook", () => {
  it("cuts prose at headings after a blank line and keeps scenario blocks as cells", () => {
    const text = "# Title\n\nIntro.\n\n## Part\n\nMore.\n\n```scenario\ncreditlab: 1\n```\n\nAfter.\n";
    const nb = parseNotebook(text);
    expect(kinds(nb)).toBe("markdown,markdown,scenario,markdown");
    expect(nb.cells[0]).toEqual({ kind: "markdown", text: "# Title\n\nIntro." });
    expect(nb.cells[2]).toEqual({ kind: "scenario", code: "creditlab: 1\n", open: "```scenario", close: "```" });
    expect(nb.gaps).toEqual(["", "\n\n", "\n\n", "\n\n", "\n"]);
  });

  it("does not cut at a heading without a blank line before it, nor inside another fence", () => {
    const text = "Text\n# Not a cut\n\n```bash\n\n# comment\n```\n";
    expect(kinds(parseNotebook(text))).toBe("markdown");
  });

  it("treats other info strings as prose and reads `scenario` with extra words", () => {
    expect(kinds(parseNotebook("```yaml\na: 1\n```\n"))).toBe("markdown");
    expect(kinds(parseNotebook("~~~~ scenario tall\na: 1\n~~~~\n"))).toBe("scenario");
    // A closing fence must be at least as long as the opening one.
    const nb = parseNotebook("````scenario\n```\n````\n");
    expect(nb.cells[0]).toMatchObject({ code: "```\n", close: "````" });
  });

  it("runs an unclosed scenario block to the end of the file", () => {
    const nb = parseNotebook("Intro\n\n```scenario\ncreditlab: 1\n");
    expect(nb.cells[1]).toEqual({ kind: "scenario", code: "creditlab: 1\n", open: "```scenario", close: null });
  });

  it("reads an empty text as no cells", () => {
    expect(parseNotebook("").cells).toEqual([]);
    expect(parseNotebook("\n\n  \n").cells).toEqual([]);
  });
});

describe("serializeNotebook", () => {
  const samples = [
    "",
    "\n",
    "# Only a title",
    "\n\n# Leading blanks\n\n\n\ntext  \n\n\n",
    "```scenario\n```\n",
    "```scenario\n\n```",
    "```scenario\na: 1",
    "```scenario\n",
    "```scenario",
    "a\r\n\r\n# b\r\n\r\n```scenario\r\nx: 1\r\n```\r\n",
    "> ```scenario\n> a: 1\n> ```\n",
    "```scenario\na: 1\n```\n```scenario\nb: 2\n```\n# H\n",
  ];
  it.each(samples)("gives back %j byte for byte", (text) => {
    expect(roundTrip(text)).toBe(text);
  });

  it("gives back any text built from fences, headings and blank lines", () => {
    const line = fc.constantFrom("```scenario", "```", "````", "~~~", "```yaml", "# H", "## H2", "", "  ", "text", "a: 1", "\r", "- item");
    const text = fc.array(line, { maxLength: 30 }).map((ls) => ls.join("\n"));
    fc.assert(fc.property(text, fc.boolean(), (t, nl) => {
          const full = nl ? `${t}\n` : t;
          expect(roundTrip(full)).toBe(full);
        }),
      { numRuns: 2000 });
  });

  it("keeps scenario cells and their order through edits, moves and a second parse", () => {
    const nb = parseNotebook("# A\n\n```scenario\nname: one\n```\n\n# B\n\n```scenario\nname: two\n```\n");
    insertCell(nb, 4, { kind: "markdown", text: "# C\n\nnew" });
    insertCell(nb, 5, scenarioCell("name: three"));
    moveCell(nb, 1, 1);
    moveCell(nb, 2, 1);
    moveCell(nb, 0, 1);
    moveCell(nb, 1, -1);
    expect(moveCell(nb, 5, 1)).toBe(false);
    const text = serializeNotebook(nb);
    const again = parseNotebook(text);
    expect(serializeNotebook(again)).toBe(text);
    const codes = (n: Notebook) => n.cells.flatMap((c) => (c.kind === "scenario" ? [c.code] : []));
    expect(codes(again)).toEqual(["name: two\n", "name: one\n", "name: three\n"]);
    expect(text).toContain("# C\n\nnew\n\n```scenario\nname: three\n```\n");
  });

  it("closes an unclosed block that is no longer last, and leaves out empty markdown cells", () => {
    const nb = parseNotebook("```scenario\na: 1\n");
    insertCell(nb, 1, { kind: "markdown", text: "" });
    insertCell(nb, 2, { kind: "markdown", text: "After" });
    expect(serializeNotebook(nb)).toBe("```scenario\na: 1\n```\n\nAfter");
  });

  it("keeps the leading and final whitespace when cells are added and removed", () => {
    const nb = parseNotebook("\n# A\n\n\n");
    insertCell(nb, 0, { kind: "markdown", text: "# Z" });
    expect(serializeNotebook(nb)).toBe("\n# Z\n\n# A\n\n\n");
    removeCell(nb, 1);
    removeCell(nb, 0);
    insertCell(nb, 0, scenarioCell("a: 1"));
    expect(serializeNotebook(nb)).toBe("```scenario\na: 1\n```\n\n\n");
  });
});

describe("scenarioBlocks", () => {
  it("finds where each scenario's YAML starts in the file", () => {
    const text = "# T\n\n```scenario\nname: one\n```\n\nProse.\n\n  ~~~~ scenario\n  name: two\n  ~~~~\n```yaml\nname: no\n```\n";
    const one = text.indexOf("name: one");
    const two = text.indexOf("  name: two");
    expect(scenarioBlocks(text)).toEqual([
      { code: "name: one\n", line: 3, offset: one },
      { code: "  name: two\n", line: 9, offset: two },
    ]);
    expect(text.split("\n")[3]).toBe("name: one");
    expect(text.split("\n")[9]).toBe("  name: two");
  });

  it("places every scenario cell's code at its own offset and line, for any text", () => {
    const line = fc.constantFrom("```scenario", "~~~ scenario", "```", "~~~", "```yaml", "# H", "", "text", "a: 1", "\r", "- item");
    const text = fc.array(line, { maxLength: 30 }).map((ls) => ls.join("\n"));
    fc.assert(
      fc.property(text, (t) => {
        const blocks = scenarioBlocks(t);
        const codes = parseNotebook(t).cells.flatMap((c) => (c.kind === "scenario" ? [c.code] : []));
        expect(blocks.map((b) => b.code)).toEqual(codes);
        for (const b of blocks) {
          expect(t.startsWith(b.code, b.offset)).toBe(true);
          expect(t.slice(0, b.offset).split("\n").length - 1).toBe(b.line);
          expect(t[b.offset - 1]).toBe("\n");
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("notebookFromScenarioFile", () => {
  it("opens a bare scenario as one scenario cell", () => {
    const nb = notebookFromScenarioFile("creditlab: 1\nname: Bare");
    expect(kinds(nb)).toBe("scenario");
    expect(serializeNotebook(nb)).toBe("```scenario\ncreditlab: 1\nname: Bare\n```\n");
    expect(notebookTitle(nb)).toBe("Bare");
  });
});

describe("notebookTitle", () => {
  it("takes the first heading before any scenario name", () => {
    expect(notebookTitle(parseNotebook("Some text\n\n## The title ##\n\n```scenario\nname: x\n```\n"))).toBe("The title");
    expect(notebookTitle(parseNotebook("plain"))).toBeNull();
  });
});
