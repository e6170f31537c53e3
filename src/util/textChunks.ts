/**
 * A file's text as decoded chunks (a `TextDecoderStream` over its bytes), so a large CSV
 * file is never one string. Works on the browser's and on Node's `Blob` and `File`.
 */
export async function* textChunks(file: Blob): AsyncGenerator<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}
