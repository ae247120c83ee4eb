// The relay from nginx-rtmp to Janus. nginx calls back on publish and on publish-done
// (`on_publish`, `on_publish_done`); this small supervisor answers those calls and runs one ffmpeg
// per published stream name, reading `rtmp://127.0.0.1/live/NAME` and sending RTP H.264 to that
// name's Janus mountpoint. It copies H.264 that has no B-frames (WebRTC decoders expect none) and
// transcodes anything else to H.264 baseline. A relay that dies while its stream is still
// published is restarted (at most 5 times a minute); a name that is not configured may not publish.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { STREAM_NAME } from './config.mjs';

const PROBE_TIMEOUT_MS = 10_000;
const RESTARTS_PER_MINUTE = 5;

/** ffmpeg's arguments for one relay: copy (H.264 without B-frames) or transcode to baseline. */
export function relayArgs({ rtmpUrl, rtpPort, copy }) {
  const codec = copy
    ? ['-c:v', 'copy', '-bsf:v', 'h264_mp4toannexb'] // SPS/PPS before every keyframe: a viewer can join at any keyframe
    : ['-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'veryfast', '-tune', 'zerolatency', '-bf', '0',
      '-g', '30', '-x264-params', 'repeat-headers=1'];
  return ['-hide_banner', '-loglevel', 'warning', '-nostdin', '-fflags', 'nobuffer', '-i', rtmpUrl,
    '-map', '0:v:0', '-an', ...codec, '-f', 'rtp', '-payload_type', '96', `rtp://127.0.0.1:${rtpPort}?pkt_size=1200`];
}

/** Whether ffprobe's JSON says the stream may be copied: H.264 with no B-frames. */
export function canCopy(probeJson) {
  let info;
  try {
    info = JSON.parse(probeJson);
  } catch {
    return false;
  }
  const video = Array.isArray(info?.streams) ? info.streams.find((s) => s?.codec_type === 'video') : undefined;
  return video?.codec_name === 'h264' && video.has_b_frames === 0;
}

/**
 * The relay supervisor. `children`: a Children (children.mjs); `plan`: from makePlan;
 * `rtmpUrl(name)`: where a stream is read. Resolves once its callback server listens.
 */
export async function startRelay({ plan, children, ffmpeg = 'ffmpeg', ffprobe = 'ffprobe', log = console.log }) {
  const byName = new Map(plan.streams.map((s) => [s.name, s]));
  const relays = new Map(); // name → { child, published, starts: [times], mode }
  const rtmpUrl = (name) => `rtmp://127.0.0.1:${plan.ports.rtmp}/live/${name}`;

  const probe = (name) => new Promise((resolve) => {
    execFile(ffprobe, ['-v', 'error', '-analyzeduration', '1500000', '-show_streams', '-of', 'json', '-rw_timeout', '8000000', rtmpUrl(name)],
      { timeout: PROBE_TIMEOUT_MS, maxBuffer: 1 << 20 }, (error, stdout) => resolve(error ? '' : stdout));
  });

  async function run(name) {
    const state = relays.get(name);
    if (!state?.published) return;
    const now = Date.now();
    state.starts = state.starts.filter((t) => now - t < 60_000);
    if (state.starts.length >= RESTARTS_PER_MINUTE) {
      log(`relay ${name}: stopped restarting (${RESTARTS_PER_MINUTE} starts within a minute); publish again to retry`);
      return;
    }
    state.starts.push(now);
    if (state.mode === undefined) {
      state.mode = canCopy(await probe(name)) ? 'copy' : 'transcode';
      if (!state.published) return;
    }
    const stream = byName.get(name);
    log(`relay ${name}: ${state.mode === 'copy' ? 'H.264 without B-frames, copied' : 'transcoding to H.264 baseline'} → Janus mountpoint ${stream.id} (RTP to port ${stream.relayPort})`);
    state.child = await children.start(`relay-${name}`, ffmpeg, relayArgs({ rtmpUrl: rtmpUrl(name), rtpPort: stream.relayPort, copy: state.mode === 'copy' }));
    state.child.exited.then(() => {
      if (relays.get(name) === state && state.published) setTimeout(() => run(name), 1000);
    });
  }

  function onPublish(name) {
    const old = relays.get(name);
    if (old) {
      old.published = false;
      old.child?.stop();
    }
    relays.set(name, { published: true, starts: [], child: null, mode: undefined });
    run(name).catch((error) => log(`relay ${name}: ${error.message}`));
  }

  function onPublishDone(name) {
    const state = relays.get(name);
    if (!state) return;
    state.published = false;
    relays.delete(name);
    state.child?.stop();
    log(`relay ${name}: publisher left`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const name = url.searchParams.get('name') ?? '';
    const known = STREAM_NAME.test(name) && byName.has(name);
    if (url.pathname === '/publish') {
      if (!known) log(`refused a publisher on stream name ${JSON.stringify(name.slice(0, 80))} (configured: ${[...byName.keys()].join(', ')})`);
      else onPublish(name);
    } else if (url.pathname === '/publish-done' && known) {
      onPublishDone(name);
    }
    res.writeHead(known ? 200 : 404, { 'Content-Type': 'text/plain' }).end(known ? 'ok\n' : 'unknown stream\n');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(plan.ports.hook, '127.0.0.1', resolve);
  });
  return {
    close: async () => {
      for (const name of [...relays.keys()]) onPublishDone(name);
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
