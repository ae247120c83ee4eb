/**
 * Is the `.wasm` file TF.js is about to fetch really there? A missing file rarely fails cleanly:
 * an app server answers an unknown path with its index.html (status 200), and TF.js then fails
 * deep inside its WebAssembly start. So the first bytes are read and must be WebAssembly's magic.
 */
import { DetectOverlayError } from '../errors.js';

/** `\0asm`: every WebAssembly binary starts with it. */
const MAGIC = [0x00, 0x61, 0x73, 0x6d];
/** The check gives up after this long (the backend's own start is bounded separately). */
const CHECK_TIMEOUT_MS = 15_000;

/** What the first bytes of a response say is wrong with it as WebAssembly, or null when it is WebAssembly. */
export function wasmProblem(status: number, contentType: string | null, head: Uint8Array): string | null {
  if (status < 200 || status > 299) return `HTTP ${status}`;
  if (head.length >= MAGIC.length && MAGIC.every((b, i) => head[i] === b)) return null;
  const type = contentType ? contentType.split(';')[0]!.trim() : 'no content type';
  return `the server sent ${type}, not WebAssembly${type === 'text/html' ? ' (a page: the file is not there and the server answers with its index page)' : ''}`;
}

/** The first 4 bytes of a response body; the rest is not downloaded. */
async function head(response: Response): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const bytes: number[] = [];
  try {
    while (bytes.length < MAGIC.length) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes.push(...value.subarray(0, MAGIC.length - bytes.length));
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Uint8Array.from(bytes);
}

/**
 * Resolves when `url` serves WebAssembly; else rejects with `asset-not-found` naming the URL and
 * `fix` (what to set). `url` undefined: nowhere to look (the bundle's folder is unknown).
 */
export async function checkWasmFile(url: string | undefined, fix: string): Promise<void> {
  if (url === undefined) {
    throw new DetectOverlayError('asset-not-found', `the WASM backend's .wasm files have no known location: ${fix}`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CHECK_TIMEOUT_MS);
  let problem: string | null;
  try {
    const response = await fetch(url, { signal: controller.signal });
    problem = wasmProblem(response.status, response.headers.get('content-type'), await head(response));
  } catch (error) {
    problem = controller.signal.aborted ? `no answer within ${CHECK_TIMEOUT_MS / 1000} s` : `unreachable (${String(error)})`;
  } finally {
    clearTimeout(timer);
  }
  if (problem !== null) {
    throw new DetectOverlayError('asset-not-found', `the WASM backend's file ${url} could not be used: ${problem}; ${fix}`);
  }
}
