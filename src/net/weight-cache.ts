/**
 * Model weight files kept in the browser's Cache API (`cacheModels`, default on), so a second
 * visit reads them from disk instead of the network. An entry is keyed by the file's URL and holds
 * the server's validator for it (ETag, else Last-Modified and length); before it is used, a HEAD
 * request asks the server whether the file is still the same. A file changed on the server, or an
 * entry that cannot be read, is fetched again; a file without a validator is never kept. Offline,
 * the kept copy is used. Where there is no Cache API (an insecure page, a private window that
 * refuses it), files are fetched as before. The cache holds at most MAX_CACHED_BYTES: past that,
 * the entries stored longest ago go (a site that moves its models to new URLs does not keep the
 * old files for ever).
 */
import { abortedError } from '../errors.js';
import { readCapped } from './read-capped.js';

/** Bump when the entries' form changes (the caches of earlier forms are deleted when a file is next stored). */
const CACHE_NAME = 'detect-overlay-weights-v2';
const EARLIER_CACHES = ['detect-overlay-weights-v1'];
const VALIDATOR = 'x-detect-overlay-validator';
/** When an entry was stored (ms since 1970) and its size in bytes. */
const STORED_AT = 'x-detect-overlay-stored-at';
const BYTES = 'x-detect-overlay-bytes';
/** The most the cache keeps, all models together (CenterNet's weights: 4 MB). */
export const MAX_CACHED_BYTES = 256 * 1024 * 1024;

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

/**
 * Deletes the entries stored longest ago until the cache holds at most `max` bytes, never `keep`
 * (the file just stored). An entry whose size or time cannot be read counts as 0 bytes, stored at 0.
 */
export async function pruneCache(cache: Cache, keep: string, max = MAX_CACHED_BYTES): Promise<void> {
  const entries: Array<{ request: Request; bytes: number; at: number }> = [];
  for (const request of await cache.keys()) {
    const headers = (await cache.match(request))?.headers;
    const bytes = Number(headers?.get(BYTES));
    const at = Number(headers?.get(STORED_AT));
    entries.push({ request, bytes: Number.isFinite(bytes) && bytes > 0 ? bytes : 0, at: Number.isFinite(at) ? at : 0 });
  }
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  entries.sort((a, b) => a.at - b.at);
  for (const e of entries) {
    if (total <= max) return;
    if (e.request.url === keep) continue;
    if (await cache.delete(e.request)) total -= e.bytes;
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
    const headers = { [VALIDATOR]: fetched.validator, [STORED_AT]: String(Date.now()), [BYTES]: String(body.byteLength) };
    const kept = await cache.put(url, new Response(body, { headers })).then(() => true, () => false);
    if (kept) {
      // Storing is rare (a first visit, a changed file): the time to tidy up, this cache and the earlier forms' ones.
      await pruneCache(cache, url).catch(() => undefined);
      await Promise.all(EARLIER_CACHES.map((name) => caches.delete(name).catch(() => false)));
    }
  }
  return fetched.bytes;
}
