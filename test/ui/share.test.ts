import { describe, expect, it } from "vitest";
import { inflateRawSync, deflateRawSync } from "node:zlib";
import { CUT_SHORT, decodeShare, encodeShare, inflateAtMost, MAX_NOTEBOOK_BYTES } from "../../src/ui/notebook/share.ts";

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

  it("refuses damaged, cut-short, oversized and non-UTF-8 fragments with a message", async () => {
    const bad = async (fragment: string) => {
      const r = await decodeShare(fragment);
      expect(r?.ok).toBe(false);
      return r && !r.ok ? r.error : "";
    };
    expect(await bad("#nb=not*base64")).toMatch(/damaged/);
    expect(await bad("#nb=________")).toMatch(/damaged/); // 0xff bytes: an invalid deflate block type
    const full = b64url(deflateRawSync(Buffer.from("# ok\n".repeat(100))));
    // A link that stops in the middle of its notebook: what a browser or an app leaves of a link too long for it.
    expect(await bad(`#nb=${full.slice(0, full.length - 5)}`)).toBe(CUT_SHORT);
    // A deflate bomb: small on the wire, more than the limit once inflated.
    const bomb = b64url(deflateRawSync(Buffer.alloc(MAX_NOTEBOOK_BYTES + 1, 0x61)));
    expect(bomb.length).toBeLessThan(10_000);
    expect(await bad(`#nb=${bomb}`)).toMatch(/too large/);
    expect(await bad(`#nb=${"A".repeat(2_000_000)}`)).toMatch(/too large/);
    expect(await bad(`#nb=${b64url(deflateRawSync(Buffer.from([0xff, 0xfe, 0x41])))}`)).toMatch(/UTF-8/);
  });

  it("stops inflating a bomb at the limit, having read only a few kilobytes of it", async () => {
    // 32 MB of one letter deflate to about 32 kB; deflate expands at most about 1032:1
    // (RFC 1951's longest match of 258 bytes per quarter byte or so), so stopping after
    // the limit within a few kB of input bounds what was ever inflated to about the limit.
    const bomb = deflateRawSync(Buffer.alloc(32 * 1024 * 1024, 0x61));
    expect(bomb.length).toBeGreaterThan(20_000);
    const { bytes, fed } = inflateAtMost(bomb, MAX_NOTEBOOK_BYTES);
    expect(bytes).toBeNull();
    expect(fed).toBeLessThanOrEqual(4 * 1024);
    expect(fed * 1032).toBeLessThan(MAX_NOTEBOOK_BYTES + 4 * 1024 * 1024);
  });

  it("says so when a link carries nothing after #nb=", async () => {
    expect(await decodeShare("#nb=")).toEqual({ ok: false, error: "This link carries no notebook: nothing follows #nb=. Was it cut off when copied?" });
  });
});
