/**
 * A share link carries the whole notebook in the URL fragment: the Markdown, deflated
 * ("deflate-raw") and written in base64url. The fragment never reaches a server, and since
 * seed and paths are in the scenario text, the same numbers come back wherever it opens.
 *
 * A fragment is someone else's input: its length is checked before decoding, inflation
 * stops past `MAX_NOTEBOOK_BYTES`, and text that is not UTF-8 is refused.
 */
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

function pipe(bytes: Uint8Array, through: CompressionStream | DecompressionStream): ReadableStream<Uint8Array> {
  const source = new Blob([bytes as BlobPart]).stream();
  return source.pipeThrough(through as unknown as TransformStream<Uint8Array, Uint8Array>);
}

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
  if (data.length > MAX_ENCODED_CHARS) return refuse("This link is too large to open: a shared notebook may hold at most 1 MB.");
  const packed = fromBase64Url(data);
  if (!packed) return refuse("This link is damaged: its notebook is not valid base64url. Was it cut off when copied?");
  let bytes: Uint8Array | null;
  try {
    bytes = await collect(pipe(packed, new DecompressionStream("deflate-raw")), MAX_NOTEBOOK_BYTES);
  } catch {
    return refuse("This link is damaged: its notebook could not be decompressed. Was it cut off when copied?");
  }
  if (!bytes) return refuse("This link is too large to open: a shared notebook may hold at most 1 MB.");
  try {
    return { ok: true, value: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return refuse("This link is damaged: its notebook is not UTF-8 text.");
  }
}
