import { describe, expect, it } from "vitest";
import { placeRuleLabels } from "../../../../src/ui/charts/marks/ruleLabels.ts";
import { labelWidth } from "../../../../src/ui/charts/frame/ticks.ts";

describe("rule labels", () => {
  it("keeps far-apart labels on one row, right of their rules", () => {
    const placed = placeRuleLabels(
      [
        { key: "el", x: 50, text: "EL 1.2M" },
        { key: "var", x: 250, text: "VaR 99% 2.3M" },
      ],
      600,
    );
    expect(placed.map((p) => [p.key, p.row, p.anchor, p.tx])).toEqual([
      ["el", 0, "start", 54],
      ["var", 0, "start", 254],
    ]);
  });

  it("puts close rules on separate rows, in the order given", () => {
    const placed = placeRuleLabels(
      [
        { key: "el", x: 100, text: "EL 1.2M" },
        { key: "var", x: 300, text: "VaR 99% 2.3M" },
        { key: "es", x: 310, text: "ES 99% 2.5M" },
      ],
      600,
    );
    expect(placed.map((p) => [p.key, p.row])).toEqual([
      ["el", 0],
      ["var", 0],
      ["es", 0],
    ]);
    // VaR's label goes left of its rule, clear of ES's rule 10 px to the right; ES's to the right.
    expect(placed.map((p) => p.anchor)).toEqual(["start", "end", "start"]);
  });

  it("crosses no other rule where one side is clear, on a phone's width too", () => {
    for (const width of [340, 600]) {
      const labels = [
        { key: "el", x: 60, text: "EL 103k" },
        { key: "var", x: 200, text: "VaR 99% 349k" },
        { key: "es", x: 226, text: "ES 99% 425k" },
      ];
      for (const p of placeRuleLabels(labels, width)) {
        const [a, b] = p.anchor === "start" ? [p.tx, p.tx + labelWidth(p.text)] : [p.tx - labelWidth(p.text), p.tx];
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(width);
        for (const o of labels) if (o.key !== p.key) expect(o.x <= a - 2 || o.x >= b + 2).toBe(true);
      }
    }
  });

  it("anchors a label near the right edge at its end, inside the plot", () => {
    const [p] = placeRuleLabels([{ key: "es", x: 590, text: "ES 99% 2.5M" }], 600);
    expect(p.anchor).toBe("end");
    expect(p.tx).toBe(586);
    expect(p.tx - labelWidth(p.text)).toBeGreaterThanOrEqual(0);
  });

  it("never overlaps two labels of one row", () => {
    const labels = Array.from({ length: 8 }, (_, i) => ({ key: `r${i}`, x: 20 + i * 37, text: `rule ${i} 12.3k` }));
    const placed = placeRuleLabels(labels, 340);
    const span = (p: (typeof placed)[number]) =>
      p.anchor === "start" ? [p.tx, p.tx + labelWidth(p.text)] : [p.tx - labelWidth(p.text), p.tx];
    for (const a of placed) {
      for (const b of placed) {
        if (a === b || a.row !== b.row) continue;
        const [a0, a1] = span(a);
        const [b0, b1] = span(b);
        expect(a1 <= b0 || b1 <= a0).toBe(true);
      }
    }
  });
});
