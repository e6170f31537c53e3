import { describe, expect, it } from "vitest";
import { formatScenarioError } from "../../src/scenario/errors.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { openText } from "../../src/ui/notebook/files.ts";
import { serializeNotebook } from "../../src/notebook/notebookFile.ts";
import { DEFAULT_NOTEBOOK, gallery } from "../../src/ui/notebook/gallery.ts";

describe("the gallery", () => {
  it("lists the welcome notebook first", () => {
    expect(gallery[0]).toMatchObject({ file: DEFAULT_NOTEBOOK, kind: "notebook", title: "Welcome to creditlab" });
  });

  it.each(gallery.map((e) => [e.file, e] as const))("%s opens, and every scenario in it is valid", (_file, entry) => {
    const opened = openText(entry.file, entry.text);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const cells = opened.value.cells.filter((c) => c.kind === "scenario");
    expect(cells.length).toBeGreaterThan(0);
    for (const [i, cell] of cells.entries()) {
      const parsed = parseScenario(cell.code, `${entry.file} cell ${i + 1}`);
      expect(parsed.ok ? [] : parsed.error.map(formatScenarioError)).toEqual([]);
    }
    if (entry.kind === "notebook") expect(serializeNotebook(opened.value)).toBe(entry.text);
  });
});

describe("gallery descriptions", () => {
  it("says in one sentence what each file shows", () => {
    const of = (file: string) => gallery.find((e) => e.file === file)!.description;
    expect(of("approval-cutoff.yaml")).toBe("Where to set the approval cutoff: approval rate, bad rate, loss and profit by cutoff.");
    expect(of("correlation.md")).toBe("Two books with the same probability of default can have the same expected loss and very different tails.");
    expect(of("cash-loan-recession.yaml")).toBe("A cash-loan (instalment) book priced at 0.05% a day, through the same two-year recession as credit-line-recession.yaml.");
    for (const e of gallery) expect(e.description, e.file).toMatch(/^\S.{20,}[.…]$/);
  });
});
