#!/usr/bin/env node
// `npm run media-server`: a local media server for the RTMP → WebRTC demo, on 127.0.0.1 only.
// nginx (RTMP module) takes RTMP, the relay (scripts/media/relay.mjs) sends each published
// stream as RTP H.264 to its Janus mountpoint, Janus serves viewers over WebRTC, and the demo
// server serves /demo/stream.html with Janus's API proxied under its own origin (/janus).
// Everything is a child process stopped by PID on exit; configs and logs go to a temp folder.
// Usage: node scripts/media-server.mjs [--streams cam,door] [--rtmp-port 1935] [--janus-port 8088]
//        [--port 8080] [--no-demo] [--dir DIR] [--quiet] [--rtp-base 15004] [--relay-rtp-base N]
//        (HTTPS=1 serves the demo over TLS; --relay-rtp-base: the relay sends there, for a test's lossy proxy)
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Children } from './media/children.mjs';
import { janusConf, janusHttpConf, janusStreamingConf, makePlan, nginxConf } from './media/config.mjs';
import { startRelay } from './media/relay.mjs';
import { findTools } from './media/tools.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const num = (name, fallback) => {
  const value = Number(arg(name, fallback));
  if (!Number.isInteger(value) || value < 0 || value > 65535) fail(`--${name}: a port number, got ${arg(name, fallback)}`);
  return value;
};

function fail(message, code = 1) {
  console.error(`media-server: ${message}`);
  process.exit(code);
}

const tools = findTools();
if (tools.missing.length) {
  console.error(`media-server: missing ${tools.missing.join(', ')}. Install them with:\n\n  sudo apt-get install -y ${tools.packages.join(' ')}\n`);
  process.exit(2);
}

const dir = arg('dir') ? resolve(arg('dir')) : mkdtempSync(join(tmpdir(), 'detect-overlay-media-'));
mkdirSync(dir, { recursive: true });
let plan;
try {
  plan = makePlan({
    dir,
    streams: String(arg('streams', 'cam')).split(',').map((s) => s.trim()).filter(Boolean),
    ports: { rtmp: num('rtmp-port', 1935), janusHttp: num('janus-port', 8088), hook: num('hook-port', 0) || await freePort() },
    rtpBase: num('rtp-base', 15004),
    relayRtpBase: num('relay-rtp-base', 0),
  });
} catch (error) {
  fail(error.message);
}
for (const [flag, port] of [['--rtmp-port', plan.ports.rtmp], ['--janus-port', plan.ports.janusHttp]]) {
  if (!(await portFree(port))) fail(`127.0.0.1:${port} is taken (${flag}): stop what uses it or pick another port`);
}
writeFileSync(join(dir, 'nginx.conf'), nginxConf(plan, { modulePath: tools.rtmpModule }));
writeFileSync(join(dir, 'janus.jcfg'), janusConf(plan, { libDir: tools.janusLib }));
writeFileSync(join(dir, 'janus.transport.http.jcfg'), janusHttpConf(plan));
writeFileSync(join(dir, 'janus.plugin.streaming.jcfg'), janusStreamingConf(plan));

const children = new Children({ logDir: dir, echo: !process.argv.includes('--quiet') });
let relay = null;
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await relay?.close();
  await children.stopAll();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => shutdown(0));

/** Starts Janus; the supervisor starts it again if it dies (as systemd would), until shutdown. */
async function startJanus() {
  const janus = await children.start('janus', tools.janus, ['-C', join(dir, 'janus.jcfg'), '-F', dir, '-o']);
  state.janus = janus.pid;
  writeState();
  janus.exited.then((how) => {
    if (stopping) return;
    console.log(`media-server: Janus exited (${how}); starting it again`);
    setTimeout(() => startJanus().then(() => waitPort(plan.ports.janusHttp, 'Janus')).catch((e) => console.error(`media-server: ${e.message}`)), 500);
  });
  return janus;
}

const state = { dir, ports: plan.ports, streams: plan.streams };
const writeState = () => writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 2));

try {
  relay = await startRelay({ plan, children, ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe });
  const started = [await startJanus(), await children.start('nginx', tools.nginx, ['-c', join(dir, 'nginx.conf'), '-p', dir, '-e', 'stderr'])];
  state.nginx = started[1].pid;
  started[1].exited.then((how) => { if (!stopping) { console.error(`media-server: nginx exited (${how}):\n${started[1].output.slice(-1500)}`); shutdown(1); } });
  const early = Promise.race(started.map((c) => c.exited.then((how) => { throw new Error(`${c.name} exited while starting (${how}):\n${c.output.slice(-2000)}`); })));
  await Promise.race([Promise.all([waitPort(plan.ports.janusHttp, 'Janus'), waitPort(plan.ports.rtmp, 'nginx (RTMP)')]), early]);
  if (!process.argv.includes('--no-demo')) {
    const demo = await children.start('demo', process.execPath, [join(root, 'scripts', 'serve.mjs')], {
      env: { ...process.env, PORT: String(num('port', process.env.PORT ?? 8080)), JANUS_API: `http://127.0.0.1:${plan.ports.janusHttp}/janus` },
    });
    state.demo = demo.pid;
    demo.exited.then((how) => { if (!stopping) { console.error(`media-server: the demo server exited (${how})`); shutdown(1); } });
  }
} catch (error) {
  console.error(`media-server: ${error.message}`);
  await shutdown(1);
}
writeState();
const first = plan.streams[0].name;
console.log(`
media-server ready (configs and logs in ${dir}):
  RTMP in:   rtmp://127.0.0.1:${plan.ports.rtmp}/live/{${plan.streams.map((s) => s.name).join(',')}}
  Janus API: http://127.0.0.1:${plan.ports.janusHttp}/janus (proxied by the demo server at /janus)
Publish from OBS (server rtmp://127.0.0.1:${plan.ports.rtmp}/live, stream key ${first}, keyframe interval 1-2 s) or:
  ffmpeg -re -i clip.mp4 -c:v libx264 -bf 0 -g 20 -f flv rtmp://127.0.0.1:${plan.ports.rtmp}/live/${first}
then open /demo/stream.html?name=${first} on the demo server. Ctrl+C stops everything.`);
console.log(`MEDIA_SERVER_READY ${JSON.stringify(state)}`);

/** Whether nothing listens on 127.0.0.1:port yet. */
function portFree(port) {
  return import('node:net').then(({ createServer }) => new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  }));
}

/** A free TCP port on 127.0.0.1, for the relay's callback server. */
function freePort() {
  return import('node:net').then(({ createServer }) => new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  }));
}

/** Resolves once 127.0.0.1:port accepts connections (at most 20 s). */
async function waitPort(port, what) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const open = await new Promise((res) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); res(true); });
      socket.once('error', () => res(false));
    });
    if (open) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${what} did not listen on 127.0.0.1:${port} within 20 s (is the port taken? see ${dir})`);
}
