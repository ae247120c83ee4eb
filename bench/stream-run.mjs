// Glass-to-box latency through the media server (`npm run bench -- --stream`): ffmpeg publishes
// the pedestrians clip over RTMP with a frame counter burned into its top-left corner (16 blocks
// of 16x16 px, bit i of the frame number white in block i); nginx → relay → Janus → the stream
// page. The page reads the counter back from each received frame's pixels; ffmpeg's progress
// reports give when each frame was sent. For each drawn result: the age of the frame it came from.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FPS = 10;
const CLIP = fileURLToPath(new URL('../../shared/media/video/pedestrians_long_640x480_10fps.webm', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../scripts/media-server.mjs', import.meta.url));
const PORTS = { rtmp: 19461, janus: 18298, demo: 4283, rtpBase: 15604 };
/** geq: frame number N's bits as white (235) / black (16) 16x16 blocks along the top 16 rows; neutral chroma there. */
const COUNTER = "format=yuv420p,geq=lum='if(lt(Y\\,16)*lt(X\\,256)\\,if(mod(floor(N/pow(2\\,floor(X/16)))\\,2)\\,235\\,16)\\,lum(X\\,Y))'"
  + ":cb='if(lt(Y\\,8)*lt(X\\,128)\\,128\\,cb(X\\,Y))':cr='if(lt(Y\\,8)*lt(X\\,128)\\,128\\,cr(X\\,Y))'";

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

function startMediaServer() {
  const proc = spawn(process.execPath, [SCRIPT, '--quiet', '--rtmp-port', String(PORTS.rtmp), '--janus-port', String(PORTS.janus),
    '--port', String(PORTS.demo), '--rtp-base', String(PORTS.rtpBase)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const on = (c) => {
      output += c;
      if (output.includes('MEDIA_SERVER_READY')) resolve(proc);
    };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    proc.once('exit', (code) => reject(new Error(`media-server exited (${code}):\n${output.slice(-2000)}`)));
  });
}

/** The publisher, and `sentAt(n)`: when frame n left ffmpeg (epoch ms), from its progress reports. */
function startPublisher() {
  const proc = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', CLIP, '-vf', COUNTER,
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-bf', '0', '-g', String(FPS), '-an',
    '-f', 'flv', `rtmp://127.0.0.1:${PORTS.rtmp}/live/cam`, '-progress', 'pipe:1', '-stats_period', '0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // "frame=F" at time T: frames 0..F-1 are out, so frame 0 left at most T - (F-1)/FPS; the
  // smallest such bound over all reports is the tightest.
  let t0 = Infinity;
  let buffer = '';
  proc.stdout.on('data', (chunk) => {
    const now = Date.now();
    buffer += chunk;
    for (const m of buffer.matchAll(/frame=(\d+)/g)) if (Number(m[1]) > 0) t0 = Math.min(t0, now - ((Number(m[1]) - 1) * 1000) / FPS);
    buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
  });
  return { proc, sentAt: (n) => t0 + (n * 1000) / FPS };
}

/** In the page: the counter of every presented frame, and which frame each result came from. */
function recordInPage() {
  const w = window;
  w.__frames = []; // [counter, presented epoch ms]
  w.__results = []; // [sampled perf ms, drawn epoch ms]
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 16;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const read = (video) => {
    ctx.drawImage(video, 0, 0, 256, 16, 0, 0, 256, 16);
    const px = ctx.getImageData(0, 0, 256, 16).data;
    let n = 0;
    for (let i = 0; i < 16; i++) if (px[(8 * 256 + i * 16 + 8) * 4] > 128) n += 2 ** i;
    return n;
  };
  const watch = () => {
    const video = document.getElementById('view');
    if (!video?.srcObject) return setTimeout(watch, 200);
    const each = (now) => {
      w.__frames.push([read(video), performance.timeOrigin + now, now]);
      video.requestVideoFrameCallback(each);
    };
    video.requestVideoFrameCallback(each);
  };
  addEventListener('DOMContentLoaded', watch);
  document.addEventListener('detect-overlay:detections', (e) => w.__results.push([e.detail.timestamp, performance.timeOrigin + performance.now()]));
}

export async function streamBench({ launch, log, seconds = 40 }) {
  log('glass-to-box through the media server: RTMP → nginx → relay → Janus → the stream page');
  const server = await startMediaServer();
  const publisher = startPublisher();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(recordInPage);
    await page.goto(`http://127.0.0.1:${PORTS.demo}/demo/stream.html?name=cam`);
    await page.waitForFunction(() => window.__results.length > 3, null, { timeout: 120_000 });
    await page.waitForTimeout(seconds * 1000);
    const { frames, results, stats } = await page.evaluate(() => ({ frames: window.__frames, results: window.__results, stats: window.demo.overlay.stats }));
    return summarize(frames, results, publisher.sentAt, stats, seconds);
  } finally {
    await browser.close();
    publisher.proc.kill('SIGTERM');
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

function summarize(frames, results, sentAt, stats, seconds) {
  // A counter read that goes backwards or jumps far is a misread (a decoding glitch): left out.
  const good = frames.filter(([n], i) => i === 0 || (n >= frames[i - 1][0] && n - frames[i - 1][0] < 50));
  const glass = good.map(([n, at]) => at - sentAt(n));
  const boxes = [];
  for (const [sampledPerf, drawnAt] of results) {
    let frame = null;
    for (const f of good) if (f[2] <= sampledPerf) frame = f; // the frame on screen when sampled
    if (frame) boxes.push(drawnAt - sentAt(frame[0]));
  }
  return {
    date: new Date().toISOString(), seconds, fps: FPS, frames: frames.length, misreads: frames.length - good.length,
    results: boxes.length, inferenceMs: stats.avgInferenceMs, backend: stats.backend,
    glassMs: { median: quantile(glass, 0.5), p95: quantile(glass, 0.95) },
    boxMs: { median: quantile(boxes, 0.5), p95: quantile(boxes, 0.95) },
  };
}
