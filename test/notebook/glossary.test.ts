import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GLOSSARY } from "../../src/notebook/glossary.ts";
import { modelReferenceHtml } from "../../scripts/modelReference.ts";

const model = readFileSync(new URL("../../docs/model.md", import.meta.url), "utf8");
const section = model.slice(model.indexOf("\n## Glossary\n"), model.indexOf("\n## Sources\n"));

/** Each `### Term` of the section with the first paragraph under it, read here apart from the page's copy. */
const terms = [...section.matchAll(/^### (.+)\n\n((?:.+\n)+)/gm)].map((m) => ({ term: m[1], definition: m[2].trim().replace(/\s*\n\s*/g, " ") }));

describe("the glossary", () => {
  it("the page's copy says what docs/model.md says, term by term, in its order", () => {
    expect(terms.length).toBeGreaterThanOrEqual(11);
    expect(GLOSSARY.map((e) => ({ term: e.term, definition: e.definition }))).toEqual(terms);
  });

  it("defines the terms the notebooks use, each with the rule it follows", () => {
    const want = ["Default", "NPL", "Charge-off", "EAD", "CCF", "LGD", "Stage", "ECL", "VaR", "ES", "Five categories"];
    expect(GLOSSARY.map((e) => e.term)).toEqual(expect.arrayContaining(want));
    const cites: Record<string, RegExp> = {
      Default: /CRE36\.69.*EBA\/GL\/2016\/07/,
      NPL: /90 or more days past due.*EBA/,
      "Charge-off": /180 days.*FFIEC.*OCC/,
      LGD: /Basel Framework CRE32/,
      Stage: /IFRS 9/,
      ECL: /ASC 326/,
      ES: /MAR33/,
      "Five categories": /NFRA and PBoC.*2023 Order No\. 1/,
    };
    for (const [term, cite] of Object.entries(cites)) expect(GLOSSARY.find((e) => e.term === term)?.definition, term).toMatch(cite);
  });

  it("each anchor is one the rendered reference carries", () => {
    const html = modelReferenceHtml(model);
    for (const e of GLOSSARY) expect(html, e.anchor).toContain(`id="${e.anchor}"`);
    expect(new Set(GLOSSARY.map((e) => e.anchor)).size).toBe(GLOSSARY.length);
  });
});
