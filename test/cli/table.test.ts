import { describe, expect, it } from "vitest";
import { renderTable, width } from "../../src/cli/table.ts";

describe("renderTable", () => {
  it("pads each column to its widest cell, names left and numbers right", () => {
    const lines = renderTable(
      [{ header: "segment", align: "left" }, { header: "rate" }],
      [
        ["prime", "1.2%"],
        ["subprime", "12.34%"],
      ],
    );
    expect(lines).toEqual([
      "segment     rate", //
      "--------  ------",
      "prime       1.2%",
      "subprime  12.34%",
    ]);
  });

  it("indents every line, keeps gap rows blank and leaves no trailing spaces", () => {
    const lines = renderTable([{ header: "a", align: "left" }, { header: "b", align: "left" }], [["x", ""], "gap", ["yy", "z"]], "  ");
    expect(lines).toEqual(["  a   b", "  --  -", "  x", "", "  yy  z"]);
  });

  it("counts characters as a terminal shows them", () => {
    expect(width("±▁█")).toBe(3);
    const lines = renderTable([{ header: "v" }], [["1 ± 2"], ["▁▂▃▄▅▆"]]);
    expect(lines.map(width)).toEqual([6, 6, 6, 6]);
  });

  it("rejects a row with the wrong number of cells", () => {
    expect(() => renderTable([{ header: "a" }], [["1", "2"]])).toThrow(/2 cells for 1 columns/);
  });
});
