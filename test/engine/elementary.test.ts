/**
 * The engine computes with the elementary functions of src/math/elementary.ts only:
 * Math.exp, Math.pow, Math.log and the others differ in the last bit between V8 versions
 * (Node's and Chromium's), and a page's run would then not give the bytes of the command
 * line's. The numerics under the engine (src/math) are held to the same rule.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const folders = [new URL("../../src/engine/", import.meta.url), new URL("../../src/math/", import.meta.url)];
const own = new URL("../../src/math/elementary.ts", import.meta.url).href;

describe("the engine's elementary functions", () => {
  it("are elementary.ts's (stdlib's ports of msun), never the JavaScript engine's own", () => {
    const files = folders.flatMap((folder) =>
      readdirSync(folder)
        .filter((f) => f.endsWith(".ts"))
        .map((f) => new URL(f, folder))
        .filter((url) => url.href !== own),
    );
    expect(files.length).toBeGreaterThan(20);
    const found = files
      .flatMap((url) =>
        readFileSync(url, "utf8")
          .split("\n")
          .map((line, i) => ({ at: `${url.pathname.split("/src/")[1]}:${i + 1}`, line }))
          .filter(({ line }) => /Math\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot)\(/.test(line)),
      )
      .map(({ at }) => at);
    expect(found).toEqual([]);
  });
});
