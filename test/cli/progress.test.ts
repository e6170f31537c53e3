import { describe, expect, it } from "vitest";
import { progressLine, progressText } from "../../src/cli/progress.ts";

const p = (done: number, elapsedMs = 1000) => ({ done, total: 2000, meanLoss: 12_345_678, stderrLoss: 234_567, elapsedMs });

describe("progressLine", () => {
  it.each([
    [p(0), 100, "[------------------------------]      0/2,000    0%"],
    [p(500), 100, "[########----------------------]    500/2,000   25%  loss 12.3M ± 235k  ETA 3.00 s"],
    [p(2000, 8000), 100, "[##############################]  2,000/2,000  100%  loss 12.3M ± 235k"],
    [p(500), 75, "[####-----------]    500/2,000   25%  loss 12.3M ± 235k  ETA 3.00 s"],
    [p(500), 40, "  500/2,000   25%  loss 12.3M ± 235k  E"],
  ])("at %j in %d columns", (progress, columns, want) => {
    const line = progressLine(progress, columns);
    expect(line).toBe(want);
    expect(line.length).toBeLessThan(columns);
  });

  it("keeps the bar's width while the numbers grow", () => {
    const bars = [1, 10, 100, 1000, 2000].map((done) => progressLine(p(done), 120).indexOf("]"));
    expect(new Set(bars).size).toBe(1);
  });

  it("a progress line for a log says the same without the bar or padding", () => {
    expect(progressText(p(500))).toBe("500/2,000 25% loss 12.3M ± 235k ETA 3.00 s");
    expect(progressText(p(2000, 8000))).toBe("2,000/2,000 100% loss 12.3M ± 235k");
  });
});
