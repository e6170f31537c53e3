import { describe, expect, it } from "vitest";
import { composeSvg, wrapText, xmlEscape } from "../../../../src/ui/charts/export/exportSvg.ts";
import { fileName } from "../../../../src/ui/charts/export/exportChart.ts";

const theme = { font: "system-ui, sans-serif", text: "#111", muted: "#666", background: "#fff" };

describe("SVG export", () => {
  it.each([
    ["a & b", "a &amp; b"],
    ["<script>", "&lt;script&gt;"],
    [`say "x" 'y'`, "say &quot;x&quot; &apos;y&apos;"],
  ])("escapes %s", (s, e) => {
    expect(xmlEscape(s)).toBe(e);
  });

  it.each([
    ["one two three four", 9, ["one two", "three", "four"]],
    ["short", 40, ["short"]],
    ["averyveryverylongword x", 5, ["averyveryverylongword", "x"]],
    ["  ", 10, []],
  ])("wraps %j at %i characters", (text, n, lines) => {
    expect(wrapText(text, n)).toEqual(lines);
  });

  it("puts title, legend, plot and notes in one document with escaped text", () => {
    const { svg, width, height } = composeSvg(
      '<rect width="10" height="10"/>',
      { width: 400, height: 200 },
      {
        title: 'Loss <distribution> & "friends"',
        subtitle: "Net credit loss",
        legend: [{ label: "base", colour: "rgb(0, 114, 178)", mark: "swatch" }],
        notes: ["Partial result"],
      },
      theme,
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain("Loss &lt;distribution&gt; &amp; &quot;friends&quot;");
    expect(svg).not.toContain("<distribution>");
    expect(svg).toContain('<svg x="16"');
    expect(svg).toContain("Partial result");
    expect(width).toBe(432);
    expect(height).toBeGreaterThan(200 + 50);
  });

  it.each([
    [["Loss distribution", "Credit line book: two-year recession"], "png", "loss-distribution-credit-line-book-two-year-recession.png"],
    [["", "***"], "csv", "chart.csv"],
    [["Défauts"], "svg", "defauts.svg"],
  ])("names the file for %j", (parts, ext, name) => {
    expect(fileName(parts, ext)).toBe(name);
  });
});
