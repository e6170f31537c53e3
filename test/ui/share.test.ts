import { describe, expect, it } from "vitest";
import { inflateRawSync, deflateRawSync } from "node:zlib";
import { decodeShare, encodeShare, MAX_NOTEBOOK_BYTES } from "../../src/ui/notebook/share.ts";

const b64url = (buf: Buffer) => buf.toString("base64url");

describe("share links", () => {
  it("carries a notebook through the fragment unchanged", async () => {
    const text = "# Ünïcode ✓\n\n```scenario\nseed: recession-2026\npaths: 500\n```\n".repeat(50);
    const fragment = await encodeShare(text);
    expect(fragment).toMatch(/^nb=[A-Za-z0-9_-]+$/);
    expect(await decodeShare(`#${fragment}`)).toEqual({ ok: true, value: text });
  });

  it("writes plain deflate-raw that zlib reads", async () => {
    const fragment = await encodeShare("hello notebook");
    const packed = Buffer.from(fragment.slice(3), "base64url");
    expect(inflateRawSync(packed).toString("utf8")).toBe("hello notebook");
  });

  it("finds no notebook in a fragment without one", async () => {
    expect(await decodeShare("")).toBeNull();
    expect(await decodeShare("#section-2")).toBeNull();
  });

  it("refuses damaged, oversized and non-UTF-8 fragments with a message", async () => {
    const bad = async (fragment: string) => {
      const r = await decodeShare(fragment);
      expect(r?.ok).toBe(false);
      return r && !r.ok ? r.error : "";
    };
    expect(await bad("#nb=not*base64")).toMatch(/damaged/);
    expect(await bad("#nb=AAAAAAAA")).toMatch(/damaged/);
    const full = b64url(deflateRawSync(Buffer.from("# ok\n".repeat(100))));
    expect(await bad(`#nb=${full.slice(0, full.length - 5)}`)).toMatch(/damaged/);
    // A deflate bomb: small on the wire, more than the limit once inflated.
    const bomb = b64url(deflateRawSync(Buffer.alloc(MAX_NOTEBOOK_BYTES + 1, 0x61)));
    expect(bomb.length).toBeLessThan(10_000);
    expect(await bad(`#nb=${bomb}`)).toMatch(/too large/);
    expect(await bad(`#nb=${"A".repeat(2_000_000)}`)).toMatch(/too large/);
    expect(await bad(`#nb=${b64url(deflateRawSync(Buffer.from([0xff, 0xfe, 0x41])))}`)).toMatch(/UTF-8/);
  });
});
