// Grid page: N tiles, each a shared clip sent over its own RTCPeerConnection pair and received
// into a <video> with its own overlay; the overlays share the page's turns (see the README's
// "Many videos on one page"). Click a tile for priority 4; the checkbox shows each tile's turns.
// With `?streams=cam,door` the tiles watch those streams of the media server (`npm run
// media-server`) through Janus instead, each over its own WebRTC connection.
import { sendOverPeerConnection } from './loopback.js';
import { JanusWatch } from './janus-watch.js';

const STREAMS = (new URLSearchParams(location.search).get('streams') ?? '').split(',').filter((s) => /^[\w-]{1,64}$/.test(s));

const CLIPS = ['pedestrians_long_640x480_10fps', 'pedestrians_640x480_10fps', 'cockatoo_handheld_640x360_15fps', 'dog_nearstatic_640x360_15fps'];
const MODEL = '/models/centernet/centernet.json';
const grid = document.getElementById('grid');
const count = document.getElementById('count');
const showTurns = document.getElementById('showTurns');
const total = document.getElementById('total');
let tiles = [];

/** The tile's markup, put in the grid; its video. */
function tileMarkup(name) {
  const tile = document.createElement('div');
  tile.className = 'tile';
  tile.innerHTML = '<figure><div class="frame"><video muted playsinline autoplay></video></div><figcaption><span class="name"></span><span class="turns"></span></figcaption></figure>';
  tile.querySelector('.name').textContent = name;
  grid.append(tile);
  return { tile, video: tile.querySelector('video') };
}

/** A tile watching a media-server stream through Janus (its own session and connection). */
async function makeStreamTile(i) {
  const name = STREAMS[i % STREAMS.length];
  const { tile, video } = tileMarkup(`#${i + 1} ${name}`);
  const t = { tile, video, overlay: null, watch: null };
  t.watch = new JanusWatch(name, (event) => {
    if (event.type === 'track' && video.srcObject?.getVideoTracks()[0] !== event.track) video.srcObject = new MediaStream([event.track]);
    else if (event.type === 'missing') tile.querySelector('.name').textContent = `no stream "${name}"`;
    else if (event.type === 'server' && event.state === 'unreachable') tile.querySelector('.name').textContent = `${name}: server unreachable, retrying`;
    else if (event.type === 'server' && event.state === 'connected') tile.querySelector('.name').textContent = `#${i + 1} ${name}`;
  });
  await t.watch.start();
  tile.addEventListener('click', () => spotlight(t));
  t.overlay = await window.DetectOverlay.attach(video, { detector: 'centernet', modelUrl: MODEL });
  return t;
}

/** Janus's browser client, loaded only for the streams mode (from Debian's libjs-janus-gateway). */
function loadJanus() {
  if (window.Janus) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: '/vendor/janus-gateway/janus.js' });
    script.onload = resolve;
    script.onerror = () => reject(new Error('Janus\'s client is not served: install libjs-janus-gateway and start with npm run media-server'));
    document.head.append(script);
  });
}

/** One tile: a hidden publisher video, the connection, the received video and its overlay. */
async function makeTile(i) {
  if (STREAMS.length) return makeStreamTile(i);
  const clip = CLIPS[i % CLIPS.length];
  const publisher = Object.assign(document.createElement('video'), { muted: true, loop: true, playsInline: true, src: `/media/video/${clip}.webm` });
  await new Promise((resolve, reject) => {
    publisher.addEventListener('loadedmetadata', resolve, { once: true });
    publisher.addEventListener('error', () => reject(new Error(`${clip}.webm is not served (../shared/media beside the repo?)`)), { once: true });
  });
  publisher.currentTime = (i * 1.3) % Math.max(1, publisher.duration - 1);
  await publisher.play();
  const session = await sendOverPeerConnection(publisher.captureStream());
  const { tile, video } = tileMarkup(`#${i + 1} ${clip.split('_')[0]}`);
  video.srcObject = session.stream;
  const t = { tile, video, publisher, session, overlay: null };
  tile.addEventListener('click', () => spotlight(t));
  t.overlay = await window.DetectOverlay.attach(video, { detector: 'centernet', modelUrl: MODEL });
  return t;
}

function spotlight(chosen) {
  for (const t of tiles) {
    const on = t === chosen && !t.tile.classList.contains('spotlight');
    t.tile.classList.toggle('spotlight', on);
    t.overlay?.update({ priority: on ? 4 : 1 });
  }
}

function removeAll() {
  for (const t of tiles) {
    t.overlay?.destroy();
    t.session?.close();
    t.watch?.close();
    t.publisher?.pause();
    t.publisher?.removeAttribute('src');
    t.tile.remove();
  }
  tiles = [];
}

async function build(n) {
  removeAll();
  total.textContent = 'Starting…';
  try {
    if (STREAMS.length) await loadJanus();
    for (let i = 0; i < n; i++) tiles.push(await makeTile(i));
  } catch (error) {
    total.textContent = `Could not start: ${error.message}`;
  }
}

/** Each tile's rate, and with the checkbox its turns; the page's total rate. */
function render() {
  let sum = 0;
  for (const t of tiles) {
    if (!t.overlay) continue;
    const s = t.overlay.stats;
    sum += s.fps;
    const turns = s.turns;
    t.tile.querySelector('.turns').textContent = showTurns.checked
      ? `${turns.state} · w ${turns.weight.toFixed(2)} · ${(turns.share * 100).toFixed(0)}%`
      : `${s.fps.toFixed(1)} /s`;
  }
  if (tiles.length) total.textContent = `${tiles.length} tiles · ${sum.toFixed(1)} inferences/s in all`;
}

// For the tests and the console: the tiles' overlays.
window.demo = { get overlays() { return tiles.map((t) => t.overlay); } };
const asked = new URLSearchParams(location.search).get('tiles');
if (asked && [...count.options].some((o) => o.value === asked)) count.value = asked;
count.addEventListener('change', () => build(Number(count.value)));
setInterval(render, 500);
build(Number(count.value));
