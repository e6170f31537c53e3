import { describe, expect, it } from "vitest";
import { usableMemory } from "../../src/run/node.ts";

describe("the memory a Node run may use", () => {
  it.each([
    ["no limit (0)", 16e9, 0, 16e9],
    ["no limit (undefined before Node 22)", 16e9, undefined, 16e9],
    ["an unlimited cgroup (max)", 16e9, 2 ** 63, 16e9],
    ["a Slurm --mem=4G or container limit", 16e9, 4 * 2 ** 30, 4 * 2 ** 30],
  ])("%s", (_, total, constrained, usable) => {
    expect(usableMemory(total, constrained as number)).toBe(usable);
  });
});
