/**
 * The media server's pure parts and its failure paths: generated configs listen on 127.0.0.1
 * only; the relay copies only H.264 without B-frames; a missing tool or a taken port exits
 * non-zero with nothing left running; the Janus proxy forwards only to its configured API.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
// @ts-expect-error: plain .mjs scripts without types
import { janusConf, janusHttpConf, janusStreamingConf, makePlan, nginxConf } from '../../scripts/media/config.mjs';
// @ts-expect-error: a plain .mjs script without types
import { canCopy, relayArgs } from '../../scripts/media/relay.mjs';
// @ts-expect-error: a plain .mjs script without types
import { createJanusProxy, parseApiUrl } from '../../scripts/janus-proxy.mjs';

const SCRIPT = fileURLToPath(new URL('../../scripts/media-server.mjs', import.meta.url));
const ports = { rtmp: 19399, janusHttp: 18199, hook: 18198 };

test('the plan refuses bad stream names and ports, naming them', () => {
  expect(() => makePlan({ dir: '/x', streams: ['ok', '../etc'], ports })).toThrow(/stream name "..\/etc"/);
  expect(() => makePlan({ dir: '/x', streams: ['a', 'a'], ports })).toThrow(/a given twice/);
  expect(() => makePlan({ dir: '/x', streams: [], ports })).toThrow(/1 to 32 names/);
  expect(() => makePlan({ dir: '/x', ports: { ...ports, rtmp: 70000 } })).toThrow(/ports.rtmp: a port number, got 70000/);
  const plan = makePlan({ dir: '/x', streams: ['cam', 'door'], ports, relayRtpBase: 16000 });
  expect(plan.streams).toEqual([
    { name: 'cam', id: 1, rtpPort: 15004, relayPort: 16000 },
    { name: 'door', id: 2, rtpPort: 15006, relayPort: 16002 },
  ]);
});

test('the generated configs listen on 127.0.0.1 only: RTMP, Janus HTTP, RTP mountpoints, ICE on loopback', () => {
  const plan = makePlan({ dir: '/tmp/m', streams: ['cam', 'door'], ports });
  const nginx = nginxConf(plan);
  expect(nginx.match(/listen [^;]+;/g)).toEqual([`listen 127.0.0.1:${ports.rtmp};`]);
  expect(nginx).toContain(`on_publish http://127.0.0.1:${ports.hook}/publish;`);
  expect(nginx).toContain('deny play all;');
  expect(janusHttpConf(plan)).toMatch(/ip = "127.0.0.1"/);
  expect(janusHttpConf(plan)).toMatch(new RegExp(`port = ${ports.janusHttp}`));
  expect(janusConf(plan)).toMatch(/ice_enforce_list = "lo"/);
  const streaming = janusStreamingConf(plan);
  expect(streaming.match(/iface = "127.0.0.1"/g)).toHaveLength(2);
  expect(streaming).toMatch(/description = "door"[\s\S]*port = 15006[\s\S]*codec = "h264"/);
});

test('the relay copies H.264 without B-frames and transcodes anything else to baseline', () => {
  const probe = (codec: string, bframes: number) => JSON.stringify({ streams: [{ codec_type: 'audio', codec_name: 'aac' }, { codec_type: 'video', codec_name: codec, has_b_frames: bframes }] });
  expect(canCopy(probe('h264', 0))).toBe(true);
  expect(canCopy(probe('h264', 2))).toBe(false);
  expect(canCopy(probe('hevc', 0))).toBe(false);
  expect(canCopy('not json')).toBe(false);
  expect(canCopy('{"streams": "x"}')).toBe(false);
  const copy = relayArgs({ rtmpUrl: 'rtmp://127.0.0.1:1935/live/cam', rtpPort: 15004, copy: true });
  expect(copy.join(' ')).toContain('-c:v copy -bsf:v h264_mp4toannexb');
  expect(copy.at(-1)).toBe('rtp://127.0.0.1:15004?pkt_size=1200');
  const transcode = relayArgs({ rtmpUrl: 'rtmp://127.0.0.1:1935/live/cam', rtpPort: 15004, copy: false }).join(' ');
  expect(transcode).toContain('-c:v libx264 -profile:v baseline');
  expect(transcode).toContain('-bf 0');
});

/** Runs the media server to its end; its exit code and output. */
function runToEnd(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const proc = spawn(process.execPath, [SCRIPT, '--no-demo', '--quiet', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (c) => { output += c; });
  proc.stderr.on('data', (c) => { output += c; });
  return new Promise((resolve) => proc.on('exit', (code) => resolve({ code, output })));
}

/** Processes whose command line names `text` (from /proc: no `ps` needed). */
function processesNaming(text: string): string[] {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).flatMap((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return args.includes(text) ? [`${pid} ${args}`] : [];
    } catch {
      return []; // ended meanwhile
    }
  });
}

test('a missing tool: the exact apt-get line, exit code 2, nothing started', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'media-missing-'));
  const { code, output } = await runToEnd(['--dir', dir], { JANUS_BIN: '/nonexistent/janus' });
  expect(code).toBe(2);
  expect(output).toContain('missing janus');
  expect(output).toContain('sudo apt-get install -y nginx-light libnginx-mod-rtmp janus libjs-janus-gateway ffmpeg');
  expect(processesNaming(dir)).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});

test('a taken port: a message naming it and its flag, exit code 1, nothing started', async () => {
  const blocker = createNetServer().listen(ports.rtmp, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const dir = mkdtempSync(join(tmpdir(), 'media-taken-'));
  try {
    const { code, output } = await runToEnd(['--dir', dir, '--rtmp-port', String(ports.rtmp), '--janus-port', String(ports.janusHttp)]);
    expect(code).toBe(1);
    expect(output).toContain(`127.0.0.1:${ports.rtmp} is taken (--rtmp-port)`);
    expect(processesNaming(dir)).toEqual([]);
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a server that dies while starting: its output shown, exit code 1, and the ones already started stopped (nothing half-started left)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'media-dies-'));
  try {
    // nginx "starts" and exits at once; Janus, started before it, must be stopped by its PID.
    const { code, output } = await runToEnd(['--dir', dir, '--rtmp-port', String(ports.rtmp), '--janus-port', String(ports.janusHttp), '--rtp-base', '15504'], { NGINX_BIN: '/bin/false' });
    expect(code).toBe(1);
    expect(output).toContain('nginx exited while starting (1)');
    expect(existsSync(join(dir, 'janus.log'))).toBe(true); // Janus was started
    expect(processesNaming(dir)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** An upstream standing in for Janus: records what reaches it and answers `reply`. */
async function fakeJanus(reply: (req: IncomingMessage, body: string) => string): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(reply(req, body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port, seen };
}

/** A request to the proxy exactly as written (absolute-form targets, odd hosts). */
function send(port: number, method: string, path: string, { body = '', host = '' } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: host ? { Host: host } : {} }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the Janus proxy forwards only to the configured API: its host, its path, Janus\'s own paths and long-poll parameters', async () => {
  const upstream = await fakeJanus(() => '{"janus":"success"}');
  const handler = createJanusProxy(`http://127.0.0.1:${upstream.port}/janus`);
  const proxy = createServer((req, res) => handler(req, res, new URL(req.url ?? '/', 'http://localhost')));
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const port = (proxy.address() as { port: number }).port;
  try {
    expect(await send(port, 'POST', '/janus', { body: '{"janus":"create"}' })).toEqual({ status: 200, body: '{"janus":"success"}' });
    expect((await send(port, 'GET', '/janus/123?rid=5&maxev=1&url=http://evil.example/', { host: 'evil.example' })).status).toBe(200);
    // A request naming another host (absolute form) still goes to the configured one.
    expect((await send(port, 'POST', 'http://evil.example:9999/janus/1/2', { body: '{}' })).status).toBe(200);
    for (const path of ['/janus/abc', '/janus/1/2/3', '/janus/../admin', '/janus/1%2F..%2Fadmin', '/admin', '/janus//evil.example/x']) {
      expect((await send(port, 'GET', path)).status, path).toBe(404);
    }
    expect((await send(port, 'DELETE', '/janus/1')).status).toBe(405);
    expect((await send(port, 'POST', '/janus', { body: 'x'.repeat(70 * 1024) })).status).toBe(413);
    expect(upstream.seen).toEqual([
      `POST /janus host=127.0.0.1:${upstream.port}`,
      `GET /janus/123?rid=5&maxev=1 host=127.0.0.1:${upstream.port}`,
      `POST /janus/1/2 host=127.0.0.1:${upstream.port}`,
    ]);
  } finally {
    proxy.close();
    upstream.server.close();
  }
});

test('the Janus proxy: a dead or oversized upstream is a 502, never a crash; a bad API URL is refused at start', async () => {
  const big = await fakeJanus(() => 'x'.repeat(2 * 1024 * 1024));
  const dead = await fakeJanus(() => '');
  const deadPort = dead.port;
  dead.server.close();
  const proxy = createServer((req, res) => {
    const target = req.url?.startsWith('/janus/1') ? deadPort : big.port;
    createJanusProxy(`http://127.0.0.1:${target}/janus`)(req, res, new URL(req.url ?? '/', 'http://localhost'));
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const port = (proxy.address() as { port: number }).port;
  try {
    const down = await send(port, 'GET', '/janus/1');
    expect(down.status).toBe(502);
    expect(down.body).toContain('cannot be reached');
    const huge = await send(port, 'GET', '/janus');
    expect(huge.status).toBe(502);
    expect(huge.body).toContain('over 1048576 bytes');
  } finally {
    proxy.close();
    big.server.close();
  }
  expect(() => parseApiUrl('ftp://127.0.0.1/janus')).toThrow(/must be http\(s\): ftp:/);
  expect(() => parseApiUrl('http://user:pw@127.0.0.1/janus')).toThrow(/no credentials/);
  expect(() => parseApiUrl('not a url')).toThrow(/not a URL: not a url/);
});
