/**
 * The weight cache against a stand-in Cache API and server (Node has neither `caches` nor our
 * model host): kept with a validator, used only when the server says the file is unchanged,
 * fetched again when it changed, used offline, never kept without a validator.
 */
import { expect, test } from '@playwright/test';
import { cachedFile, validatorOf, type Fetched } from '../../src/net/weight-cache.js';

/** An in-memory Cache API (the part used) and a server answering HEAD with `validator`. */
function fakes(server: { etag: string | null; offline?: boolean }) {
  const store = new Map<string, Response>();
  const heads: string[] = [];
  const cache = {
    match: async (url: string) => store.get(url)?.clone(),
    put: async (url: string, response: Response) => { store.set(url, response); },
    delete: async (url: string) => store.delete(url),
  };
  Object.assign(globalThis, {
    caches: { open: async () => cache },
    fetch: async (url: string, init?: RequestInit) => {
      if (init?.method !== 'HEAD') throw new Error('only HEAD is expected here');
      heads.push(url);
      if (server.offline) throw new TypeError('Failed to fetch');
      return new Response(null, { status: 200, headers: server.etag ? { etag: server.etag } : {} });
    },
  });
  return { store, heads };
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
