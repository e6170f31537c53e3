import { describe, expect, it } from "vitest";
import { printable } from "../../src/util/printable.ts";

describe("printable", () => {
  it.each([
    ["plain", "plain"],
    ["Kredytówki 信用卡", "Kredytówki 信用卡"],
    ["\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07"], // OSC 52: writes the clipboard in terminals that obey it
    ["\x1b[2J", "\\x1b[2J"],
    ["a\nb\rc\td", "a\\nb\\rc\\td"],
    ["\u009b31m", "\\x9b31m"], // C1 CSI, an 8-bit escape
    ["\x7f", "\\x7f"],
    ["abc\u202edcba", "abc\\u{202e}dcba"], // a bidirectional override reorders what is shown
  ])("%j is shown as %s", (text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it("cuts a long name to the stated length", () => {
    expect(printable("x".repeat(10_000_000), 80)).toBe("x".repeat(80) + "…");
    expect(printable("é".repeat(5), 3)).toBe("ééé…");
  });
});
