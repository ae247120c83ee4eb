// Remote viewer page: publisher (camera, sample clip or local file) → RTCPeerConnection →
// RTCPeerConnection → two viewer tiles with an overlay each, on the received track.
import { DemoOverlay, STATS_MARKUP, controlsMarkup, uiIn } from './controls.js';
import { sendOverPeerConnection } from './loopback.js';
import { ZoneEditor } from './zones.js';
import { CountsPanel, EventLog } from './events.js';

const CLIPS = {
  pedestrians_640x480_10fps: 'pedestrians (5 s)',
  pedestrians_long_640x480_10fps: 'pedestrians, 40 s (for zones and lines)',
  dog_nearstatic_640x360_15fps: 'dog',
  cockatoo_handheld_640x360_15fps: 'cockatoo',
  static_dog_bicycle_640x480_15fps: 'static photo',
};
const source = document.getElementById('source');
const file = document.getElementById('file');
const publisher = document.getElementById('publisher');
const link = document.getElementById('link');
const form = document.getElementById('controls');
form.insertAdjacentHTML('beforeend', controlsMarkup({ mirror: false }));
document.getElementById('statsPanel').insertAdjacentHTML('beforeend', STATS_MARKUP);

// Zones and lines are drawn on the cover tile and given to both; the log and counts follow the cover tile.
const zonesPanel = document.getElementById('zonesPanel');
const log = new EventLog(document.getElementById('eventsPanel'));
const editor = new ZoneEditor(document.getElementById('viewCover'), zonesPanel, () => {
  for (const t of tiles) t.demo.refresh();
  counts.render();
}, 'detect-overlay-demo:viewer');
const counts = new CountsPanel(zonesPanel);

const tiles = ['viewCover', 'viewContain'].map((id) => {
  const video = document.getElementById(id);
  const frame = video.parentElement;
  const ui = id === 'viewCover' ? { ...uiIn(document.getElementById('statsPanel')), ...pick(uiIn(frame)) } : { ...pick(uiIn(frame)), stats: null, found: null };
  const onAttach = id === 'viewCover' ? (overlay) => { log.follow(overlay); counts.follow(overlay); } : () => {};
  return { video, demo: new DemoOverlay(video, form, ui, { extra: () => editor.options, onAttach }) };
});

function pick(ui) {
  return { status: ui.status, statusText: ui.statusText, progressBar: ui.progressBar };
}

let session = null;

/** Sends `stream` through a local RTCPeerConnection pair; resolves with the received stream. */
async function connect(stream) {
  session?.close();
  session = await sendOverPeerConnection(stream);
  const pc = session.receiver;
  link.textContent = `WebRTC: ${pc.connectionState}`;
  pc.onconnectionstatechange = () => { link.textContent = `WebRTC: ${pc.connectionState}`; };
  return session.stream;
}

async function publish() {
  let stream;
  publisher.removeAttribute('src');
  publisher.srcObject = null;
  try {
    if (source.value === 'camera') {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
      publisher.srcObject = stream;
    } else {
      publisher.src = source.value === 'file' ? URL.createObjectURL(file.files[0]) : `/media/video/${source.value}.webm`;
      await publisher.play();
      stream = publisher.captureStream();
    }
  } catch (error) {
    for (const t of tiles) t.demo.status(`The publisher could not start: ${error.name === 'NotAllowedError' ? 'camera access was denied' : error.message}. Pick a video file instead.`, { error: true });
    return;
  }
  const remote = await connect(stream);
  for (const t of tiles) {
    t.video.srcObject = remote;
    if (!t.demo.overlay) t.demo.start();
  }
}

async function listClips() {
  // The demo server exposes the shared sample clips under /media when they are beside the repo.
  for (const [clip, name] of Object.entries(CLIPS)) {
    const res = await fetch(`/media/video/${clip}.webm`, { method: 'HEAD' }).catch(() => null);
    if (res?.ok) source.add(new Option(`Sample clip: ${name}`, clip), source.options.length - 1);
  }
  if (new URLSearchParams(location.search).get('clip')) source.value = new URLSearchParams(location.search).get('clip');
}

source.addEventListener('change', () => (source.value === 'file' ? file.click() : publish()));
file.addEventListener('change', () => file.files[0] && publish());

await listClips();
publish();
