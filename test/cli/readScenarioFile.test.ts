/**
 * Where a file stops being UTF-8. Each case is a valid prefix, some bytes no UTF-8 decoder
 * accepts (RFC 3629 §3-4), and more text; the expected place is counted in the prefix.
 */
import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "../../src/cli/readScenarioFile.ts";

const bytes = (prefix: string, bad: number[], rest = "\nmore: text\n") =>
  Buffer.concat([Buffer.from(prefix, "utf8"), Buffer.from(bad), Buffer.from(rest, "utf8")]);

/** Line and column of the character after `prefix`, counted in UTF-16 units as editors do. */
function after(prefix: string): string {
  const lines = prefix.split("\n");
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

describe("decodeUtf8", () => {
  it("decodes UTF-8, accents and astral characters included", () => {
    expect(decodeUtf8(Buffer.from("name: Crédit 𝔼[L]\n", "utf8"), "f.yaml")).toEqual({ ok: true, value: "name: Crédit 𝔼[L]\n" });
  });

  it.each([
    ["a Latin-1 é", "creditlab: 2\nname: Cr", [0xe9, 0x64]],
    ["a byte that is never UTF-8", "creditlab: 2\nname: 𝔼 and é ", [0xff]],
    ["a continuation byte after a whole character", "name: é", [0x80]],
    ["an overlong encoding of /", "name: a", [0xc0, 0xaf]],
    ["an encoded surrogate", "name: a", [0xed, 0xa0, 0x80]],
    ["a three-byte character cut short", "x: 1\nname: €", [0xe2, 0x82]],
  ])("%s is refused at its first byte", (_, prefix, bad) => {
    const result = decodeUtf8(bytes(prefix, bad), "f.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.exitCode).toBe(2);
    const hex = bad[0].toString(16).toUpperCase();
    expect(result.error.message).toBe(
      `f.yaml:${after(prefix)}: (file): the text is not valid UTF-8 (byte 0x${hex} starts no character here); allowed: UTF-8 text (save the file as UTF-8)`,
    );
  });

  it("a character cut short at the very end is refused where it starts", () => {
    const result = decodeUtf8(bytes("name: ab", [0xf0, 0x9d], ""), "f.yaml");
    expect(result.ok ? "" : result.error.message).toMatch(/^f\.yaml:1:9: .*byte 0xF0/);
  });
});
