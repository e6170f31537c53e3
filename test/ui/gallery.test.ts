import { describe, expect, it } from "vitest";
import { formatScenarioError } from "../../src/scenario/errors.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { openText } from "../../src/ui/notebook/files.ts";
import { serializeNotebook } from "../../src/notebook/format.ts";
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
