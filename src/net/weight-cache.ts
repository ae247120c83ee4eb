/**
 * Model weight files kept in the browser's Cache API (`cacheModels`, default on), so a second
 * visit reads them from disk instead of the network. An entry is keyed by the file's URL and holds
 * the server's validator for it (ETag, else Last-Modified and length); before it is used, a HEAD
 * request asks the server whether the file is still the same. A file changed on the server, or an
 * entry that cannot be read, is fetched again; a file without a validator is never kept. Offline,
 * the kept copy is used. Where there is no Cache API (an insecure page, a private window that
 * refuses it), files are fetched as before.
 */
import { abortedError } from '../errors.js';
import { readCapped } from './read-capped.js';

/** Bump when the entries' form changes. */
const CACHE_NAME = 'detect-overlay-weights-v1';
const VALIDATOR = 'x-detect-overlay-validator';

/** A downloaded file and its validator (null: the server gave none). */
export interface Fetched {
  bytes: Uint8Array;
  validator: string | null;
}

/** What says a file is unchanged: its ETag, else Last-Modified with its length; null when neither. */
export function validatorOf(headers: Headers): string | null {
  const etag = headers.get('etag');
  if (etag) return `etag ${etag}`;
  const modified = headers.get('last-modified');
  return modified ? `modified ${modified}, ${headers.get('content-length') ?? '?'} bytes` : null;
}

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(CACHE_NAME);
  } catch {
    return null;
  }
}

/** Does the server still serve what `validator` describes? True when it cannot be asked (offline). */
async function unchanged(url: string, validator: string | null, signal: AbortSignal | undefined): Promise<boolean> {
  if (!validator) return false;
  let response: Response;
  try {
    response = await fetch(url, { method: 'HEAD', cache: 'no-cache', signal });
  } catch (error) {
    if (signal?.aborted) throw abortedError(`loading ${url}`, signal);
    return true;
  }
  return response.ok && validatorOf(response.headers) === validator;
}

/**
 * The bytes of `url`: from the cache when it holds the file unchanged, else from `download()`
 * (then kept). `max` and `onBytes` as for a download, so a cached file is capped and counted too.
 */
export async function cachedFile(url: string, signal: AbortSignal | undefined, max: number, onBytes: (n: number) => void,
  download: () => Promise<Fetched>): Promise<Uint8Array> {
  const cache = await openCache();
  if (!cache) return (await download()).bytes;
  const hit = await cache.match(url).catch(() => undefined);
  if (hit && (await unchanged(url, hit.headers.get(VALIDATOR), signal))) {
    // Read whole, then counted: a broken entry read halfway must not count twice with its download.
    const kept = await readCapped(hit, max, () => new Error('too big')).catch(() => null);
    if (kept) {
      onBytes(kept.byteLength);
      return kept;
    }
  }
  if (hit) await cache.delete(url).catch(() => false);
  const fetched = await download();
  if (fetched.validator) {
    const body = fetched.bytes.slice().buffer;
    await cache.put(url, new Response(body, { headers: { [VALIDATOR]: fetched.validator } })).catch(() => undefined);
  }
  return fetched.bytes;
}
