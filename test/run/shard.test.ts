import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkRanges } from "../../src/run/pool.ts";
import { shardRange } from "../../src/run/shard.ts";

describe("shardRange", () => {
  it("cuts 10 paths into 4 shards of 2, 3, 2 and 3", () => {
    expect([1, 2, 3, 4].map((index) => shardRange(10, { index, count: 4 }))).toEqual([
      [0, 2],
      [2, 5],
      [5, 7],
      [7, 10],
    ]);
  });

  it("tiles 0..P−1 with contiguous shards whose sizes differ by at most one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 500 }), (paths, count) => {
        fc.pre(count <= paths);
        const ranges = Array.from({ length: count }, (_, i) => shardRange(paths, { index: i + 1, count }));
        expect(ranges[0][0]).toBe(0);
        expect(ranges[count - 1][1]).toBe(paths);
        for (let i = 1; i < count; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1]);
        const sizes = ranges.map(([a, b]) => b - a);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it("refuses a shard outside 1..N", () => {
    expect(() => shardRange(10, { index: 0, count: 4 })).toThrow();
    expect(() => shardRange(10, { index: 5, count: 4 })).toThrow();
  });
});

describe("chunkRanges from a shard's first path", () => {
  it("cuts paths 30..67 into chunks of 16 from path 30", () => {
    expect(chunkRanges(38, 16, 30)).toEqual([
      [30, 46],
      [46, 62],
      [62, 68],
    ]);
  });
});
