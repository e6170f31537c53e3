/**
 * The engine computes with the elementary functions of math.ts only: Math.exp, Math.pow,
 * Math.log and the others differ in the last bit between V8 versions (Node's and
 * Chromium's), and a page's run would then not give the bytes of the command line's.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const folder = new URL("../../src/engine/", import.meta.url);

describe("the engine's elementary functions", () => {
  it("are math.ts's (stdlib's ports of msun), never the JavaScript engine's own", () => {
    const found = readdirSync(folder)
      .filter((f) => f.endsWith(".ts") && f !== "math.ts")
      .flatMap((f) =>
        readFileSync(new URL(f, folder), "utf8")
          .split("\n")
          .map((line, i) => ({ at: `${f}:${i + 1}`, line }))
          .filter(({ line }) => /Math\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot)\(/.test(line)),
      )
      .map(({ at }) => at);
    expect(found).toEqual([]);
  });
});
