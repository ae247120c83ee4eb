// Webcam demo: camera → detect-overlay (CenterNet, fetched by `npm run models`), selfie-mirrored.
const video = document.getElementById('camera');
const message = document.getElementById('message');
const stats = document.getElementById('stats');

function show(text, isError = false) {
  message.textContent = text;
  message.classList.toggle('error', isError);
}

async function main() {
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  } catch (error) {
    show(error.name === 'NotAllowedError' ? 'Camera access was denied. Allow it in the address bar and reload.'
      : `No camera could be opened (${error.name}).`, true);
    return;
  }
  video.srcObject = stream;
  show('Loading the model… 0%');
  try {
    const overlay = await DetectOverlay.attach(video, {
      detector: 'centernet',
      modelUrl: '/models/centernet/centernet.json',
      onProgress: (f) => show(`Loading the model… ${Math.round(f * 100)}%`),
    });
    show('');
    overlay.on('stats', (s) => {
      stats.textContent = `${s.fps.toFixed(1)} detections/s · ${s.avgInferenceMs.toFixed(0)} ms per inference · ` +
        `${s.framesGated}/${s.framesSampled} frames skipped by the motion gate · backend ${s.backend}`;
    });
    overlay.on('error', (e) => show(e.message, true));
  } catch (error) {
    show(`${error.message}${error.code === 'model-load-failed' ? ' — run `npm run models` and reload.' : ''}`, true);
  }
}

main();
