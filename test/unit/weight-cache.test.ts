/**
 * The weight cache against a stand-in Cache API and server (Node has neither `caches` nor our
 * model host): kept with a validator, used only when the server says the file is unchanged,
 * fetched again when it changed, used offline, never kept without a validator.
 */
import { expect, test } from '@playwright/test';
import { cachedFile, MAX_CACHED_BYTES, pruneCache, validatorOf, type Fetched } from '../../src/net/weight-cache.js';

/** An in-memory Cache API (the part used) and a server answering HEAD with `validator`. */
function fakes(server: { etag: string | null; offline?: boolean }) {
  const store = new Map<string, Response>();
  const heads: string[] = [];
  const key = (r: string | Request): string => (typeof r === 'string' ? r : r.url);
  const cache = {
    match: async (r: string | Request) => store.get(key(r))?.clone(),
    put: async (r: string | Request, response: Response) => { store.set(key(r), response); },
    delete: async (r: string | Request) => store.delete(key(r)),
    keys: async () => [...store.keys()].map((url) => new Request(url)),
  };
  const deleted: string[] = [];
  Object.assign(globalThis, {
    caches: { open: async () => cache, delete: async (name: string) => { deleted.push(name); return true; } },
    fetch: async (url: string, init?: RequestInit) => {
      if (init?.method !== 'HEAD') throw new Error('only HEAD is expected here');
      heads.push(url);
      if (server.offline) throw new TypeError('Failed to fetch');
      return new Response(null, { status: 200, headers: server.etag ? { etag: server.etag } : {} });
    },
  });
  return { store, heads, cache, deleted };
}

function downloader(bytes: number[], etag: string | null) {
  const calls: number[] = [];
  const download = async (): Promise<Fetched> => {
    calls.push(1);
    return { bytes: Uint8Array.from(bytes), validator: etag ? `etag ${etag}` : null };
  };
  return { calls, download };
}

const URL_A = 'https://models.example/centernet.bin';

test.afterEach(() => {
  delete (globalThis as { caches?: unknown }).caches;
});

test('a validator is the ETag, else Last-Modified with the length, else none', () => {
  expect(validatorOf(new Headers({ etag: '"abc"', 'last-modified': 'x' }))).toBe('etag "abc"');
  expect(validatorOf(new Headers({ 'last-modified': 'Wed, 02 Dec 2026 10:00:00 GMT', 'content-length': '42' }))).toBe('modified Wed, 02 Dec 2026 10:00:00 GMT, 42 bytes');
  expect(validatorOf(new Headers({ 'content-length': '42' }))).toBeNull();
});

test('first load downloads and keeps; the next reads the kept copy after a HEAD says it is unchanged, counting its bytes', async () => {
  const realFetch = globalThis.fetch;
  try {
    const server = { etag: '"v1"' };
    const { store, heads } = fakes(server);
    const first = downloader([1, 2, 3], '"v1"');
    expect([...await cachedFile(URL_A, undefined, 100, () => {}, first.download)]).toEqual([1, 2, 3]);
    expect(first.calls).toHaveLength(1);
    expect(store.has(URL_A)).toBe(true);
    const second = downloader([9, 9, 9], '"v1"');
    let counted = 0;
    expect([...await cachedFile(URL_A, undefined, 100, (n) => { counted += n; }, second.download)]).toEqual([1, 2, 3]);
    expect(second.calls).toHaveLength(0);
    expect(counted).toBe(3);
    expect(heads).toEqual([URL_A]);
    // The file changed on the server: fetched again and kept anew.
    server.etag = '"v2"';
    const third = downloader([4, 5], '"v2"');
    expect([...await cachedFile(URL_A, undefined, 100, () => {}, third.download)]).toEqual([4, 5]);
    expect(third.calls).toHaveLength(1);
    // Offline: the kept copy is all there is.
    Object.assign(server, { offline: true });
    const offline = downloader([7], '"v3"');
    expect([...await cachedFile(URL_A, undefined, 100, () => {}, offline.download)]).toEqual([4, 5]);
    expect(offline.calls).toHaveLength(0);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('a file without a validator is never kept; a kept copy over the cap is fetched again; no Cache API: plain download', async () => {
  const realFetch = globalThis.fetch;
  try {
    const { store } = fakes({ etag: null });
    await cachedFile(URL_A, undefined, 100, () => {}, downloader([1], null).download);
    expect(store.size).toBe(0);
    fakes({ etag: '"v1"' }).store.set(URL_A, new Response(new Uint8Array(10), { headers: { 'x-detect-overlay-validator': 'etag "v1"' } }));
    const again = downloader([1, 2], '"v1"');
    expect([...await cachedFile(URL_A, undefined, 5, () => {}, again.download)]).toEqual([1, 2]);
    expect(again.calls).toHaveLength(1);
    delete (globalThis as { caches?: unknown }).caches;
    const plain = downloader([3], '"v1"');
    expect([...await cachedFile(URL_A, undefined, 100, () => {}, plain.download)]).toEqual([3]);
    expect(plain.calls).toHaveLength(1);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('the cache is bounded: past its size the entries stored longest ago go, never the one just stored; the earlier form\'s cache goes when a file is stored', async () => {
  const realFetch = globalThis.fetch;
  try {
    const { store, cache, deleted } = fakes({ etag: '"v1"' });
    const entry = (bytes: number, at: number | null) => new Response(new Uint8Array(1), { headers: { 'x-detect-overlay-bytes': String(bytes), ...(at === null ? {} : { 'x-detect-overlay-stored-at': String(at) }) } });
    store.set('https://m.example/old.bin', entry(60, 1000));
    store.set('https://m.example/older.bin', entry(30, 500));
    store.set('https://m.example/newer.bin', entry(30, 3000));
    store.set('https://m.example/just-stored.bin', entry(50, 100)); // its clock may be behind: kept all the same
    await pruneCache(cache as unknown as Cache, 'https://m.example/just-stored.bin', 100);
    // 170 bytes: 'older' (500) goes (140), then 'old' (1000) (80 <= 100).
    expect([...store.keys()].sort()).toEqual(['https://m.example/just-stored.bin', 'https://m.example/newer.bin']);
    await pruneCache(cache as unknown as Cache, 'https://m.example/just-stored.bin', 100);
    expect(store.size).toBe(2); // under the cap: nothing more goes
    // An entry without a size or a time (hostile or foreign) counts as 0 bytes, stored at 0: it never makes the cache prune itself empty.
    store.set('https://m.example/odd.bin', new Response(new Uint8Array(1), { headers: { 'x-detect-overlay-bytes': 'lots' } }));
    await pruneCache(cache as unknown as Cache, 'https://m.example/just-stored.bin', 100);
    expect(store.size).toBe(3);

    // Through cachedFile: a download is stored with its size and time, and the default cap (256 MB) keeps it.
    expect(MAX_CACHED_BYTES).toBe(256 * 1024 * 1024);
    store.clear();
    await cachedFile(URL_A, undefined, 100, () => {}, downloader([1, 2, 3], '"v1"').download);
    const kept = store.get(URL_A)!;
    expect(kept.headers.get('x-detect-overlay-bytes')).toBe('3');
    expect(Math.abs(Number(kept.headers.get('x-detect-overlay-stored-at')) - Date.now())).toBeLessThan(60_000);
    // Storing is when the earlier form's cache goes.
    expect(deleted).toEqual(['detect-overlay-weights-v1']);
  } finally {
    globalThis.fetch = realFetch;
  }
});
