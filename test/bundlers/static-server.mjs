/**
 * A bare static host for the bundler tests' production builds, as an app would deploy them:
 * files from the build folder, then the app's public/ folder, and index.html for any other path
 * (the single-page-app fallback real hosts use, which turns a missing file into a 200 page).
 * 127.0.0.1 only, on a free port; COOP/COEP headers only when asked (an app that set them).
 */
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.wasm': 'application/wasm', '.bin': 'application/octet-stream', '.css': 'text/css', '.map': 'application/json',
};

/** The file `path` names under one of `roots`, or null (never outside a root). */
function find(roots, path) {
  for (const root of roots) {
    const file = normalize(join(root, decodeURIComponent(path)));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) continue;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

/** Serves `roots` (folders, first match wins) on a free port; `isolated`: with COOP/COEP (WASM threads); see static-server.d.mts. */
export function serveStatic(roots, { isolated = false } = {}) {
  const requests = [];
  const gets = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    if (req.method === 'GET') gets.push(path);
    const file = find(roots, path === '/' ? '/index.html' : path) ?? find(roots, '/index.html');
    if (!file) return void res.writeHead(404).end();
    const stat = statSync(file);
    // Validators, as real hosts send: the SDK keeps model weights only when it can check them later.
    const isolation = isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
    // A browser asking again gets "not modified", as from any real host.
    const since = Date.parse(req.headers['if-modified-since'] ?? '');
    if (Number.isFinite(since) && Math.floor(stat.mtimeMs / 1000) * 1000 <= since) {
      return void res.writeHead(304, { 'last-modified': stat.mtime.toUTCString(), ...isolation }).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': stat.size, 'last-modified': stat.mtime.toUTCString(), ...isolation });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    resolve({ url: `http://127.0.0.1:${port}/`, requests, gets, close: () => new Promise((done) => server.close(() => done())) });
  }));
}
