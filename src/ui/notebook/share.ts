/**
 * A share link carries the whole notebook in the URL fragment: the Markdown, deflated
 * ("deflate-raw") and written in base64url. The fragment never reaches a server, and since
 * seed and paths are in the scenario text, the same numbers come back wherever it opens.
 *
 * A fragment is someone else's input: its length is checked before decoding, inflation
 * is fed a small slice at a time and stops past `MAX_NOTEBOOK_BYTES` (so a "zip bomb"
 * costs at most the limit and one slice's worth of output, where the browser's
 * DecompressionStream inflates a whole chunk of input at once), and text that is not
 * UTF-8 is refused.
 */
import { Inflate } from "fflate";
import type { Result } from "../../util/result.ts";

/** Largest notebook a link may carry, in bytes of UTF-8 once inflated. */
export const MAX_NOTEBOOK_BYTES = 1024 * 1024;
/** The fragment's key: `#nb=...`. */
export const SHARE_KEY = "nb";
// Deflate rarely beats 1000:1 on text; anything longer than the largest notebook is refused.
const MAX_ENCODED_CHARS = Math.ceil((MAX_NOTEBOOK_BYTES * 4) / 3) + 16;

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Input slice for inflating, in bytes. Deflate expands at most about 1032:1 (RFC 1951: a
 * 258-byte match for two bits or so), so one slice inflates to at most about 1 MB, and
 * the output is bounded by the limit plus that.
 */
const INFLATE_SLICE = 1024;

function pipe(bytes: Uint8Array, through: CompressionStream): ReadableStream<Uint8Array> {
  const source = new Blob([bytes as BlobPart]).stream();
  return source.pipeThrough(through as unknown as TransformStream<Uint8Array, Uint8Array>);
}

/**
 * Inflates deflate-raw `packed` a slice at a time (fflate's streaming inflater), stopping
 * once the output passes `limit` bytes: the output (null past the limit) and how many
 * packed bytes were fed to get there. Throws on data that is not whole deflate.
 */
export function inflateAtMost(packed: Uint8Array, limit: number): { bytes: Uint8Array | null; fed: number } {
  const parts: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size <= limit) parts.push(chunk);
  });
  let fed = 0;
  while (fed < packed.length && size <= limit) {
    const end = Math.min(fed + INFLATE_SLICE, packed.length);
    inflater.push(packed.subarray(fed, end), end === packed.length);
    fed = end;
  }
  if (size > limit) return { bytes: null, fed };
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { bytes: out, fed };
}

/** What a link that ends in the middle of its notebook says. */
export const CUT_SHORT =
  "This link was cut short: its notebook stops in the middle, as when a browser or an app drops the end of a link too long for it. Ask for the notebook as a file (Save) instead.";

/** The fragment (without `#`) that carries `markdown`. */
export async function encodeShare(markdown: string): Promise<string> {
  const bytes = new TextEncoder().encode(markdown);
  const packed = await collect(pipe(bytes, new CompressionStream("deflate-raw")), Infinity);
  return `${SHARE_KEY}=${toBase64Url(packed!)}`;
}

/**
 * The notebook carried by a fragment (with or without `#`); `null` when the fragment holds
 * no notebook at all, an error message when it holds a bad one.
 */
export async function decodeShare(fragment: string): Promise<Result<string, string> | null> {
  const params = new URLSearchParams(fragment.replace(/^#/, ""));
  const data = params.get(SHARE_KEY);
  if (data === null) return null;
  const refuse = (message: string) => ({ ok: false as const, error: message });
  if (data === "") return refuse("This link carries no notebook: nothing follows #nb=. Was it cut off when copied?");
  if (data.length > MAX_ENCODED_CHARS) return refuse("This link is too large to open: a shared notebook may hold at most 1 MB.");
  const packed = fromBase64Url(data);
  if (!packed) return refuse("This link is damaged: its notebook is not valid base64url. Was it cut off when copied?");
  let bytes: Uint8Array | null;
  try {
    bytes = inflateAtMost(packed, MAX_NOTEBOOK_BYTES).bytes;
  } catch (e) {
    // fflate's code 0 is "unexpected EOF": the data is whole deflate as far as it goes, and
    // stops. That is what a browser, a mail or a chat app leaves of a link too long for it.
    if ((e as { code?: number }).code === 0) return refuse(CUT_SHORT);
    return refuse("This link is damaged: its notebook could not be decompressed. Was it cut off when copied?");
  }
  if (!bytes) return refuse("This link is too large to open: a shared notebook may hold at most 1 MB.");
  try {
    return { ok: true, value: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return refuse("This link is damaged: its notebook is not UTF-8 text.");
  }
}
