/** Stage shares stacked: each band spans the shares of the stages below it to those plus its own. */
import { scaleLinear } from "d3";
import { describe, expect, it } from "vitest";
import { stackBands, stackTop, transferRows, type MigrationData } from "../../../../src/ui/charts/ecl/migration.ts";

const data: MigrationData = {
  months: [1, 2],
  shares: [
    { "1": 0.9, "2": 0.07, "3": 0.03 },
    { "1": 0.8, "2": 0.15, "3": 0.05 },
  ],
  transfers: [
    [
      [0.95, 0.05, 0],
      [0.3, 0.6, 0.1],
      [0, 0, 1],
    ],
  ],
  counts: [
    [
      [950, 50, 0],
      [3, 6, 1],
      [0, 0, 30],
    ],
  ],
  columns: ["Stage 1", "Stage 2", "Stage 3"],
};

/** The (x, y) points of an SVG path of straight segments. */
const points = (d: string) => [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe("stage shares stacked", () => {
  const x = scaleLinear().domain([0, 2]).range([0, 2]);
  const y = scaleLinear().domain([0, 1]).range([0, 1]);

  it("stacks stage 3 from 0 and stage 2 on it; stage 1 is the rest", () => {
    const bands = stackBands(data, x, y, 1);
    expect(bands.map((b) => b.stage)).toEqual(["3", "2"]);
    // d3's area goes along the top (y1) forward, then back along the bottom (y0).
    const expected = [
      [[1, 0.03], [2, 0.05], [2, 0], [1, 0]],
      [[1, 0.03 + 0.07], [2, 0.05 + 0.15], [2, 0.05], [1, 0.03]],
    ];
    bands.forEach((b, k) => {
      const got = points(b.path);
      expect(got).toHaveLength(4);
      got.forEach(([px, py], i) => {
        expect(px).toBeCloseTo(expected[k][i][0], 9);
        expect(py).toBeCloseTo(expected[k][i][1], 9);
      });
    });
    expect(stackTop(data)).toBeCloseTo(0.2, 12);
  });

  it("draws a single period from the start to its end", () => {
    const one = { ...data, months: [12], shares: [data.shares[0]] };
    const wide = scaleLinear().domain([0, 12]).range([0, 12]);
    expect(points(stackBands(one, wide, y, 12)[0].path).map((p) => p[0])).toEqual([0, 12, 12, 0]);
  });

  it("gives a period's matrix by stage, and zeros for a period without one", () => {
    expect(transferRows(data, 0).map((r) => r.from)).toEqual(["Stage 1", "Stage 2", "Stage 3"]);
    expect(transferRows(data, 0)[1]).toEqual({ from: "Stage 2", shares: [0.3, 0.6, 0.1], counts: [3, 6, 1] });
    expect(transferRows(data, 1)[0]).toEqual({ from: "Stage 1", shares: [0, 0, 0], counts: [0, 0, 0] });
  });
});
