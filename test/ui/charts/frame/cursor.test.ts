import { describe, expect, it } from "vitest";
import { nearestIndex, stepCursor } from "../../../../src/ui/charts/frame/cursor.ts";

describe("read-out cursor", () => {
  it.each([
    ["ArrowRight", null, 10, 0],
    ["ArrowRight", 3, 10, 4],
    ["ArrowRight", 9, 10, 9],
    ["ArrowLeft", 3, 10, 2],
    ["ArrowLeft", 0, 10, 0],
    ["ArrowLeft", null, 10, 0],
    ["Home", 5, 10, 0],
    ["End", 5, 10, 9],
    ["PageUp", 5, 10, 9],
    ["PageDown", 5, 20, 0],
    ["Escape", 5, 10, null],
    ["Tab", 5, 10, undefined],
    ["ArrowUp", 5, 10, undefined],
    ["ArrowRight", null, 0, undefined],
  ] as const)("%s from %s over %i items goes to %s", (key, from, n, to) => {
    expect(stepCursor(key, from, n)).toBe(to);
  });

  it("lands first on the start item, and moves down a vertical list with ArrowDown", () => {
    expect(stepCursor("ArrowRight", null, 10, { start: 4 })).toBe(4);
    expect(stepCursor("ArrowDown", 1, 3, { vertical: true })).toBe(2);
    expect(stepCursor("ArrowUp", 1, 3, { vertical: true })).toBe(0);
    expect(stepCursor("ArrowRight", 1, 3, { vertical: true })).toBe(undefined);
  });

  it.each([
    [[0, 10, 20, 30], -5, 0],
    [[0, 10, 20, 30], 4, 0],
    [[0, 10, 20, 30], 6, 1],
    [[0, 10, 20, 30], 29, 3],
    [[0, 10, 20, 30], 99, 3],
    [[7], 0, 0],
    [[], 0, -1],
  ])("in %j the position nearest %s is item %i", (positions, x, i) => {
    expect(nearestIndex(positions, x)).toBe(i);
  });
});
