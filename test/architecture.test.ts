/**
 * The README's Architecture section and the import check (.dependency-cruiser.cjs) tell the
 * same rings: every pair of folders the README draws is allowed or forbidden by the
 * checker's rules exactly as the README says, and every folder of src/ is drawn.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

interface Rule {
  name: string;
  from: { path?: string; pathNot?: string };
  to: { path?: string; pathNot?: string; circular?: boolean; couldNotResolve?: boolean };
}
const config = createRequire(import.meta.url)("../.dependency-cruiser.cjs") as { forbidden: Rule[] };

/** The README's rings, lowest first, read from the first text block under "## Architecture". */
function readmeRings(): string[][] {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Architecture"));
  const block = /```text\n([\s\S]*?)```/.exec(section)![1];
  return block
    .trimEnd()
    .split("\n")
    .map((line) => line.split(/\s{2,}/)[0].split(" · "))
    .reverse();
}

const RINGS = readmeRings();
const ringOf = (folder: string) => RINGS.findIndex((r) => r.includes(folder));
const PAGE = ["ui", "main.ts"];
/** A module path in a folder of src/ (or src/main.ts itself), or in workers/. */
const moduleIn = (folder: string) => (folder === "workers" ? "workers/w.ts" : folder.endsWith(".ts") ? `src/${folder}` : `src/${folder}/m.ts`);
const matches = (re: string | undefined, path: string) => re === undefined || new RegExp(re).test(path);

/** Whether some rule of the checker (cycles and resolution aside) forbids an import from `a` to `b`. */
function forbidden(a: string, b: string): boolean {
  const from = moduleIn(a);
  const to = moduleIn(b);
  return config.forbidden.some(
    (r) =>
      !r.to.circular &&
      !r.to.couldNotResolve &&
      matches(r.from.path, from) &&
      !(r.from.pathNot && matches(r.from.pathNot, from)) &&
      matches(r.to.path, to) &&
      !(r.to.pathNot && matches(r.to.pathNot, to)),
  );
}

describe("the README's architecture and the import check", () => {
  it("draws every folder of src/ in one ring", () => {
    const drawn = RINGS.flat();
    const folders = readdirSync(new URL("../src/", import.meta.url), { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name === "main.ts")
      .map((e) => e.name);
    expect([...drawn].sort()).toEqual([...folders].sort());
    expect(new Set(drawn).size).toBe(drawn.length);
  });

  it("forbids an import from a ring to a ring above it, and between the command line and the page, and nothing else", () => {
    const folders = RINGS.flat();
    for (const a of folders) {
      for (const b of folders) {
        const siblings = (a === "cli" && PAGE.includes(b)) || (b === "cli" && PAGE.includes(a));
        expect(forbidden(a, b), `${a} → ${b}`).toBe(ringOf(b) > ringOf(a) || siblings);
      }
    }
  });

  it("lets workers/ import every ring but the page and the command line, and src/ never import workers/", () => {
    for (const folder of RINGS.flat()) {
      expect(forbidden("workers", folder), `workers → ${folder}`).toBe(folder === "cli" || PAGE.includes(folder));
      expect(forbidden(folder, "workers"), `${folder} → workers`).toBe(true);
    }
  });

  it("checks cycles, and every import resolved", () => {
    expect(config.forbidden.some((r) => r.to.circular)).toBe(true);
    expect(config.forbidden.some((r) => r.to.couldNotResolve)).toBe(true);
  });
});
