// Janus's HTTP API under the demo server's own origin (/janus), so the stream page calls only
// the origin it came from, also over HTTPS. The proxy forwards to the one configured API URL
// (JANUS_API): the request picks neither host nor path. Only Janus's own paths pass
// (/janus, /janus/SESSION, /janus/SESSION/HANDLE, numeric ids), with only the long-poll query
// parameters; bodies and replies are size-capped, and a dead or slow Janus is a 502/504, never a crash.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const PATH = /^\/janus(\/\d{1,20}){0,2}\/?$/;
const MAX_BODY = 64 * 1024;
const MAX_REPLY = 1024 * 1024;
const TIMEOUT_MS = 70_000; // Janus long-polls hold a request up to 30 s

/** Checks the configured API URL once, at start; throws naming it when it is unusable. */
export function parseApiUrl(api) {
  let url;
  try {
    url = new URL(api);
  } catch {
    throw new Error(`JANUS_API is not a URL: ${String(api).slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`JANUS_API must be http(s): ${url.href}`);
  if (url.username || url.password || url.search || url.hash) throw new Error(`JANUS_API takes no credentials, query or hash: ${url.href}`);
  return url;
}

/** The request handler for /janus paths, forwarding to `api` (e.g. http://127.0.0.1:8088/janus). */
export function createJanusProxy(api) {
  const base = parseApiUrl(api);
  const basePath = base.pathname.replace(/\/+$/, '');
  return (req, res, url) => {
    const reply = (status, error) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ janus: 'error', error: { code: status, reason: error } }));
    };
    if (!PATH.test(url.pathname)) return reply(404, 'not a Janus API path');
    if (req.method !== 'GET' && req.method !== 'POST') return reply(405, 'only GET and POST');
    const target = new URL(base.href);
    target.pathname = basePath + url.pathname.slice('/janus'.length).replace(/\/$/, '');
    for (const key of ['rid', 'maxev']) {
      const value = url.searchParams.get(key);
      if (value !== null && /^\d{1,20}$/.test(value)) target.searchParams.set(key, value);
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reply(413, `request body over ${MAX_BODY} bytes`);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return;
      const body = Buffer.concat(chunks);
      forward(target, req.method, body, res, reply);
    });
    req.on('error', () => res.destroy());
  };
}

function forward(target, method, body, res, reply) {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, {
    method,
    headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Accept: 'application/json' },
    timeout: TIMEOUT_MS,
  }, (answer) => {
    const parts = [];
    let size = 0;
    answer.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_REPLY) {
        answer.destroy();
        reply(502, `the media server's reply is over ${MAX_REPLY} bytes`);
      } else parts.push(chunk);
    });
    answer.on('end', () => {
      if (size > MAX_REPLY || res.headersSent) return;
      res.writeHead(answer.statusCode ?? 502, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(Buffer.concat(parts));
    });
    answer.on('error', () => reply(502, 'the media server closed the connection'));
  });
  upstream.on('timeout', () => {
    upstream.destroy();
    reply(504, 'the media server did not answer');
  });
  upstream.on('error', () => reply(502, `the media server cannot be reached (${target.host})`));
  upstream.end(method === 'POST' ? body : undefined);
}
