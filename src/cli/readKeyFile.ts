/**
 * The shared key of `--key-file`: the file's bytes as they are (e.g. `head -c 32
 * /dev/urandom > chunk.key`), at least MIN_KEY_BYTES of them, read like any input
 * (openInput.ts). A key too short to resist guessing is refused.
 */
import { MIN_KEY_BYTES } from "../result/chunkFile.ts";
import { err, ok, type Result } from "../util/result.ts";
import { openInput, type ReadFailure } from "./openInput.ts";

export async function readKeyFile(file: string): Promise<Result<Uint8Array, ReadFailure>> {
  const opened = await openInput(file, { what: "a key file", maxBytes: 4096 });
  if (!opened.ok) return opened;
  try {
    const key = new Uint8Array(await opened.value.handle.readFile());
    if (key.length < MIN_KEY_BYTES) {
      return err({ exitCode: 2, message: `--key-file ${file} holds ${key.length} bytes; allowed: a key of ${MIN_KEY_BYTES} to 4096 bytes, e.g. head -c 32 /dev/urandom > ${file}` });
    }
    return ok(key);
  } finally {
    await opened.value.handle.close();
  }
}
