/**
 * Reads an HTTP body chunk by chunk and gives up past a byte cap, so a hostile or broken server
 * cannot make the page buffer and parse megabytes it never asked for. Used for model files and for
 * detection-server replies.
 */

/**
 * The body's bytes, or `tooBig()` thrown as soon as more than `max` bytes came (or the declared
 * Content-Length says so); the stream is cancelled then. `onBytes` sees each chunk's size.
 */
export async function readCapped(res: Response, max: number, tooBig: () => Error, onBytes: (n: number) => void = () => {}): Promise<Uint8Array> {
  if (Number(res.headers.get('content-length')) > max) throw tooBig();
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) throw tooBig();
      chunks.push(value);
      onBytes(value.byteLength);
    }
  } catch (error) {
    void reader.cancel().catch(() => {});
    throw error;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
