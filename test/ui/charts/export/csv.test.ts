import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "../../../../src/ui/charts/export/csv.ts";

describe("CSV", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r", '"cr\r"'],
    [" padded ", '" padded "'],
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+1", "'+1"],
    ["-x", "'-x"],
    ["@cmd", "'@cmd"],
    ["=a,b", `"'=a,b"`],
    ["", ""],
    [null, ""],
    [0.1 + 0.2, "0.30000000000000004"],
    [-1.5, "-1.5"],
    [Number.NaN, ""],
    [{ value: 0.0153, text: "1.53%" }, "0.0153"],
  ] as const)("writes %j as %s", (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it("writes a header row and CRLF line ends", () => {
    const csv = toCsv({
      columns: [{ label: "Segment" }, { label: "Share, %" }],
      rows: [
        ["cards", 0.25],
        ["loans", null],
      ],
    });
    expect(csv).toBe('Segment,"Share, %"\r\ncards,0.25\r\nloans,\r\n');
  });
});
