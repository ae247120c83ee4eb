// The RTMP stream page: plays `?name=` from Janus (janus-watch.js) and detects on the received track.
import { DemoOverlay, STATS_MARKUP, controlsMarkup, uiIn } from './controls.js';
import { JanusWatch } from './janus-watch.js';

const params = new URLSearchParams(location.search);
const name = params.get('name') || 'cam';
const video = document.getElementById('view');
const form = document.getElementById('controls');
const $ = (id) => document.getElementById(id);
form.insertAdjacentHTML('beforeend', controlsMarkup({ mirror: false }));
$('statsPanel').insertAdjacentHTML('beforeend', STATS_MARKUP);
$('streamName').textContent = name;
$('caption').textContent = `Stream "${name}"`;

const say = (text) => { $('streamMessage').textContent = text; };
const page = (window.demo ??= { overlays: [] });
page.stream = { name, server: 'connecting', tracks: 0, stalls: 0, resumes: 0, missing: null, stats: null };

const tile = uiIn(document.querySelector('.tile'));
const ui = { ...uiIn($('statsPanel')), status: tile.status, statusText: tile.statusText, progressBar: tile.progressBar };
const demo = new DemoOverlay(video, form, ui, {
  onAttach: (overlay) => {
    overlay.on('source-stalled', (e) => {
      page.stream.stalls++;
      say(`The stream stopped: no new video for ${(e.sinceMs / 1000).toFixed(1)} s. The publisher left or the network dropped; it resumes by itself when publishing starts again.`);
    });
    overlay.on('source-resumed', () => {
      page.stream.resumes++;
      say('');
    });
  },
});

const watch = new JanusWatch(name, (event) => {
  if (event.type === 'server') {
    page.stream.server = event.state;
    $('serverState').textContent = event.state === 'unreachable' ? `unreachable, retrying in ${event.retryMs / 1000} s` : event.state;
    if (event.state === 'unreachable') say(`The media server can't be reached (${event.detail}). Is \`npm run media-server\` running? Retrying.`);
    else if (event.state === 'connected') say(`Connected. Waiting for video on "${name}"…`);
  } else if (event.type === 'missing') {
    page.stream.missing = event.names;
    say(`This server has no stream named "${name}" (it has: ${event.names.join(', ') || 'none'}). Open ?name= with one of those, or start the media server with --streams ${name}.`);
  } else if (event.type === 'track') {
    if (video.srcObject?.getVideoTracks()[0] === event.track) return;
    page.stream.tracks++;
    video.srcObject = new MediaStream([event.track]);
    if (!demo.overlay) demo.start();
  } else if (event.type === 'error') {
    page.stream.error = event.message;
    say(event.message);
  }
});
page.watch = watch;
watch.start();

// The received stream's codec, size and decoded frames; "not published" while nothing arrives
// (there are no inbound stats before the first packet).
let lastDecoded = 0;
let quietSince = performance.now();
setInterval(async () => {
  const s = await watch.videoStats().catch(() => null);
  page.stream.stats = s;
  const decoded = s?.framesDecoded ?? 0;
  if (s) {
    $('codec').textContent = s.codec ? `${s.codec.replace('video/', '')}${s.fmtp ? ` (${s.fmtp})` : ''}` : '—';
    $('size').textContent = s.width ? `${s.width}×${s.height}` : '—';
    $('decoded').textContent = String(decoded);
  }
  if (page.stream.server !== 'connected' || page.stream.missing) {
    quietSince = performance.now();
  } else if (decoded !== lastDecoded) {
    if (lastDecoded === 0 && /^(Connected|Nothing is published)/.test($('streamMessage').textContent)) say('');
    lastDecoded = decoded;
    quietSince = performance.now();
  } else if (decoded === 0 && performance.now() - quietSince > 4000) {
    say(`Nothing is published on "${name}" yet. Publish RTMP to the address \`npm run media-server\` printed, stream key "${name}" (keyframe interval 1-2 s).`);
  }
}, 1000);
