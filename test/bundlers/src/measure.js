// window.measure(options): attach() to the fake webcam's video, and the times to ready and to
// the first result with a box, from the call (ms). What the bench reads for cold and warm starts.
// `preloaded: true`: the app called preload() at start and the model is ready before attach().
import { attach, preload } from 'detect-overlay';

window.measure = async ({ preloaded = false, ...options } = {}) => {
  const model = preloaded ? preload({ detector: 'centernet', ...options }) : null;
  await model?.ready;
  const video = document.querySelector('video');
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  await video.play();
  const t0 = performance.now();
  const overlay = await attach(video, { detector: 'centernet', ...options });
  const readyMs = performance.now() - t0;
  const labels = await new Promise((resolve) => {
    const off = overlay.on('detections', (e) => {
      if (e.detections.length) { off(); resolve(e.detections.map((d) => d.label)); }
    });
  });
  const firstBoxMs = performance.now() - t0;
  const { worker, backend } = overlay.stats;
  model?.release();
  overlay.destroy();
  return { readyMs, firstBoxMs, labels, worker, backend };
};
window.ready = true;
