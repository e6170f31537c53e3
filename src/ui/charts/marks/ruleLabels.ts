/**
 * Places the labels of vertical rules (EL, VaR, ES) so they never overlap: each label
 * sits right of its rule, or left of it near the right edge or where another rule would
 * cross it, on the first row where it has room. VaR and ES are often a few pixels apart;
 * they get a row each.
 */
import { labelWidth } from "../frame/ticks.ts";

/** How a rule is drawn: EL and means solid, VaR dashed, ES dotted. */
export type RuleStyle = "el" | "var" | "es" | "mean";

export interface RuleLabel {
  key: string;
  /** The rule's position in pixels. */
  x: number;
  text: string;
}

export interface PlacedLabel extends RuleLabel {
  row: number;
  anchor: "start" | "end";
  /** Where the text is anchored, in pixels. */
  tx: number;
}

/** Rows and anchors for `labels` in a plot `width` pixels wide. */
export function placeRuleLabels(labels: readonly RuleLabel[], width: number, gap = 6): PlacedLabel[] {
  const rows: [number, number][][] = [];
  const placed = [...labels]
    .sort((a, b) => a.x - b.x)
    .map((label) => {
      const w = labelWidth(label.text);
      const right: [number, number] = [label.x + 4, label.x + 4 + w];
      const left: [number, number] = [label.x - 4 - w, label.x - 4];
      // A rule runs the plot's whole height: a label across another rule is crossed by it,
      // whatever its row (VaR's label over ES's rule at 390 px). Take the side that is clear.
      const crossed = (span: [number, number]) => labels.some((o) => o.key !== label.key && o.x > span[0] - 2 && o.x < span[1] + 2);
      const fitsRight = right[1] <= width;
      const fitsLeft = left[0] >= 0;
      const start =
        fitsRight && !crossed(right) ? true : fitsLeft && !crossed(left) ? false : fitsRight || !fitsLeft;
      const span = start ? right : left;
      let row = rows.findIndex((r) => r.every(([a, b]) => span[1] + gap <= a || span[0] >= b + gap));
      if (row < 0) {
        rows.push([]);
        row = rows.length - 1;
      }
      rows[row].push(span);
      return { ...label, row, anchor: start ? ("start" as const) : ("end" as const), tx: start ? span[0] : span[1] };
    });
  const order = new Map(labels.map((l, i) => [l.key, i]));
  return placed.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
}
