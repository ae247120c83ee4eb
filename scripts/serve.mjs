#!/usr/bin/env node
// The demo and test server: static files from demo/, dist/, models/, test/pages/ and the shared
// media folder, on 127.0.0.1 only, with the COOP/COEP headers that make the page cross-origin
// isolated (so the WASM backend may use threads) and the right MIME types (.wasm!).
// Usage: node scripts/serve.mjs [--port 8080]   (or PORT=8080; HOST=0.0.0.0 for the LAN; HTTPS=1 for TLS)
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { ensureCertificate, lanAddresses, spkiHash } from './https-cert.mjs';
import { createJanusProxy } from './janus-proxy.mjs';
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const argPort = process.argv.indexOf('--port');
const port = Number(argPort > 0 ? process.argv[argPort + 1] : process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const shared = process.env.DETECT_OVERLAY_MEDIA ?? resolve(root, '..', 'shared', 'media');
/** URL prefix → folder. Nothing else on disk is served. */
const MOUNTS = {
  '/demo/': join(root, 'demo'),
  '/dist/': join(root, 'dist'),
  '/models/': join(root, 'models'),
  '/test/pages/': join(root, 'test', 'pages'),
  '/bench/': join(root, 'bench'),
  '/media/': shared,
  // Janus's browser client from Debian's libjs-janus-gateway (the media-server demo).
  '/vendor/janus-gateway/': '/usr/share/javascript/janus-gateway',
};

// JANUS_API=http://127.0.0.1:8088/janus (set by `npm run media-server`): Janus's API under /janus.
const janus = process.env.JANUS_API ? createJanusProxy(process.env.JANUS_API) : null;

/** The strictest policy the script-tag bundle works under (see the README's CSP section). */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; media-src 'self' blob:; img-src 'self' data: blob:; connect-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.map': 'application/json',
  '.bin': 'application/octet-stream', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml',
  '.webm': 'video/webm', '.mp4': 'video/mp4', '.y4m': 'application/octet-stream', '.md': 'text/plain; charset=utf-8', '.ico': 'image/x-icon',
};

/** A request this server will not act on: answered with `status`, never a crash. */
class Refused extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * The file a URL path names (a folder's index.html), or null when there is none inside a mount. Hostile paths are refused:
 * malformed percent-encoding (400), NUL bytes (400), `..` out of a mount, and symlinks that lead
 * out of a mount (the real path must stay inside the mount's real path).
 */
function resolvePath(pathname) {
  for (const [prefix, dir] of Object.entries(MOUNTS)) {
    if (!pathname.startsWith(prefix)) continue;
    let rest;
    try {
      rest = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      throw new Refused(400, `malformed URL: ${pathname.slice(0, 200)}`);
    }
    if (rest.includes('\0')) throw new Refused(400, 'malformed URL: NUL in path');
    const file = normalize(join(dir, rest));
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    let found = file;
    if (existsSync(found) && statSync(found).isDirectory()) found = join(found, 'index.html');
    if (!existsSync(found)) return null;
    const real = realpathSync(found);
    const realDir = realpathSync(dir);
    return real.startsWith(realDir + sep) ? found : null;
  }
  return null;
}

/** The request handler: a bad request is answered, never a crash. */
const handle = (req, res) => {
  try {
    serve(req, res);
  } catch (error) {
    const status = error instanceof Refused ? error.status : 500;
    if (status === 500) console.error(error);
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'Content-Type': 'text/plain' });
    res.end(`${error instanceof Refused ? error.message : 'internal error'}\n`);
  }
};

// HTTPS=1: over TLS with a self-signed certificate (scripts/https-cert.mjs), for a phone or a
// second PC on the LAN: browsers give a camera only to https pages (and to localhost).
const secure = process.env.HTTPS === '1';
const tls = secure ? await ensureCertificate(process.env.CERT_DIR ?? join(root, '.certs')) : null;
const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handle) : createServer(handle);

function serve(req, res) {
  if (req.url === '/janus' || req.url?.startsWith('/janus/') || req.url?.startsWith('/janus?')) {
    if (janus) return janus(req, res, new URL(req.url, 'http://localhost'));
    res.writeHead(503, { 'Content-Type': 'application/json' });
    return void res.end(JSON.stringify({ janus: 'error', error: { code: 503, reason: 'no media server here: start the demo with npm run media-server' } }));
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
    return void res.end(`method not allowed: ${String(req.method).slice(0, 20)}\n`);
  }
  let url;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    throw new Refused(400, 'malformed URL');
  }
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  if (url.pathname === '/') {
    res.writeHead(302, { ...headers, Location: '/demo/' });
    res.end();
    return;
  }
  const file = resolvePath(url.pathname);
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
    res.end(`not found: ${url.pathname}\n`);
    return;
  }
  // Test pages named csp-*.html are served under the strict policy the README documents; with
  // `?isolated` they keep cross-origin isolation too (COOP/COEP: where WASM would use threads).
  if (/\/csp-[^/]*\.html$/.test(url.pathname)) {
    headers['Content-Security-Policy'] = process.env.CSP ?? CSP;
    if (!url.searchParams.has('isolated')) {
      delete headers['Cross-Origin-Opener-Policy'];
      delete headers['Cross-Origin-Embedder-Policy'];
    }
  }
  // dist/ is served as a CDN serves a package (jsDelivr, unpkg): readable from any origin, also
  // by cross-origin isolated pages. A page on another origin can load the bundle from here.
  if (url.pathname.startsWith('/dist/')) {
    headers['Access-Control-Allow-Origin'] = '*';
    headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
  }
  const stat = statSync(file);
  const size = stat.size;
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Validators, as any real host sends (the SDK keeps model weights only when it can check them
  // later); no-cache makes the browser ask again every time, so a rebuilt file is never stale.
  headers['Last-Modified'] = stat.mtime.toUTCString();
  headers.ETag = `W/"${size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  headers['Cache-Control'] = 'no-cache';
  // A browser asking again gets "not modified", as from any real host (its cached copy, and the
  // compiled code Chromium keeps beside a cached .wasm, stay in use).
  if (notModified(req.headers, headers.ETag, stat.mtime)) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` });
      res.end();
      return;
    }
    res.writeHead(206, { ...headers, 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
    if (req.method === 'HEAD') return void res.end();
    send(createReadStream(file, { start, end }), res);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Length': size });
  if (req.method === 'HEAD') return void res.end();
  send(createReadStream(file), res);
}

/** A conditional request (If-None-Match, else If-Modified-Since) the file still matches. */
function notModified(requestHeaders, etag, mtime) {
  const match = requestHeaders['if-none-match'];
  if (match !== undefined) return match.split(',').some((tag) => tag.trim() === etag);
  const since = Date.parse(requestHeaders['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
}

/** Streams a file; a read error (the file vanished meanwhile) ends the response, not the server. */
function send(stream, res) {
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

server.listen(port, host, () => {
  const { port } = server.address(); // PORT=0: a free one
  const scheme = secure ? 'https' : 'http';
  const hosts = host === '0.0.0.0' ? ['127.0.0.1', ...lanAddresses()] : [host];
  console.log(`detect-overlay demo: ${hosts.map((h) => `${scheme}://${h}:${port}/demo/`).join('  ')}`);
  if (tls) {
    console.log(`HTTPS with a self-signed certificate (${tls.made ? 'made now' : 'kept'} in ${process.env.CERT_DIR ?? '.certs/'}; SHA-256 of its key ${spkiHash(tls.cert)}).`);
    console.log('Each browser warns once ("not private"): choose Advanced, then Proceed / Accept the risk. The camera then works from that device.');
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
