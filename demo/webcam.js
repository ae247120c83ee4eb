// Webcam page: the camera in a mirrored <video>, one overlay, the shared control panel, zones and
// lines drawn on the video, their counts and an event log.
import { DemoOverlay, STATS_MARKUP, controlsMarkup, uiIn } from './controls.js';
import { ZoneEditor } from './zones.js';
import { CountsPanel, EventLog } from './events.js';

const video = document.getElementById('camera');
const form = document.getElementById('controls');
form.insertAdjacentHTML('beforeend', controlsMarkup({ mirror: true }));
document.getElementById('statsPanel').insertAdjacentHTML('beforeend', STATS_MARKUP);
const zonesPanel = document.getElementById('zonesPanel');
const log = new EventLog(document.getElementById('eventsPanel'));
const editor = new ZoneEditor(video, zonesPanel, () => { demo.refresh(); counts.render(); }, 'detect-overlay-demo:webcam');
const counts = new CountsPanel(zonesPanel);
const demo = new DemoOverlay(video, form, uiIn(document), {
  extra: () => editor.options,
  onAttach: (overlay) => { log.follow(overlay); counts.follow(overlay); },
});

function cameraMessage(error) {
  switch (error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was denied. Allow the camera for this page (the icon in the address bar) and reload.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Plug one in and reload, or try the Remote viewer page with a video file.';
    case 'NotReadableError':
      return 'The camera is in use by another application. Close it and reload.';
    default:
      return `The camera could not be opened (${error.name}: ${error.message}).`;
  }
}

async function main() {
  if (!navigator.mediaDevices?.getUserMedia) {
    demo.status('This browser cannot open a camera here. Use http://127.0.0.1 or https.', { error: true });
    return;
  }
  try {
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  } catch (error) {
    demo.status(cameraMessage(error), { error: true });
    window.demo = { overlays: [], error: { code: `camera-${error.name}`, message: cameraMessage(error) } };
    return;
  }
  await demo.start();
}

main();
