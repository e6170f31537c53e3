import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NPM, PM, type ChunkResult } from "../../src/engine/layout.ts";
import { RunningLoss, Throttle } from "../../src/run/progress.ts";
import { moments, standardError } from "../../src/stats/moments.ts";

/** A chunk of paths [from, from + losses.length) whose first variant's book loses `losses`. */
function chunkOf(from: number, losses: number[]): ChunkResult {
  const book = new Float64Array(losses.length * NPM);
  losses.forEach((x, j) => (book[j * NPM + PM.netLoss] = x));
  const other = new Float64Array(losses.length * NPM).fill(-1); // a second variant must not count
  const empty = new Float64Array(0);
  return {
    from,
    to: from + losses.length,
    variants: [
      { book, segments: empty, periods: empty },
      { book: other, segments: empty, periods: empty },
    ],
  };
}

describe("RunningLoss", () => {
  it("matches the two-pass mean and standard error of all paths, whatever the chunks' order", () => {
    const loss = fc.double({ min: 0, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.array(loss, { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 12 }), fc.boolean(), (parts, reverse) => {
        const running = new RunningLoss();
        const chunks = parts.map((p, i) => chunkOf(i * 100, p));
        for (const c of reverse ? [...chunks].reverse() : chunks) running.add(c);
        const all = parts.flat();
        const m = moments(all);
        const p = running.progress(all.length, 1000, 5);
        expect(p).toMatchObject({ done: all.length, total: 1000, elapsedMs: 5 });
        const scale = Math.max(1, m.mean, m.sd);
        expect(Math.abs(p.meanLoss - m.mean)).toBeLessThanOrEqual(1e-9 * scale);
        expect(Math.abs(p.stderrLoss - standardError(m))).toBeLessThanOrEqual(1e-9 * scale);
      }),
    );
  });

  it("says 0 for the standard error of one path, and nothing before any", () => {
    const running = new RunningLoss();
    expect(running.progress(0, 10, 0)).toEqual({ done: 0, total: 10, meanLoss: 0, stderrLoss: 0, elapsedMs: 0, partialPaths: 0 });
    running.add(chunkOf(0, [42]));
    expect(running.progress(1, 10, 0)).toMatchObject({ meanLoss: 42, stderrLoss: 0 });
  });
});

describe("Throttle", () => {
  it("lets one call through per interval, and any call that is forced", () => {
    let t = 0;
    const gate = new Throttle(100, () => t);
    const at = (ms: number, force = false) => ((t = ms), gate.ready(force));
    expect([at(0), at(50), at(99), at(100), at(150), at(160, true), at(200), at(260)]).toEqual([
      true, false, false, true, false, true, false, true,
    ]);
  });
});
