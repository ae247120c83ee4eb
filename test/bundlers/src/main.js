// The README's React example, in plain JS (no JSX: the test's Vite and webpack builds need no
// plugin for it). The camera is Chromium's fake webcam; what the hook reports goes on window.result.
import { createElement as h, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useDetectOverlay } from 'detect-overlay/react';

function Camera() {
  const ref = useRef(null);
  const [stream, setStream] = useState(null);
  useEffect(() => {
    navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } }).then(setStream, (e) => { window.result = { cameraError: String(e) }; });
  }, []);
  // ?worker=false: the model on the page (the test's way to reach the page's own TF.js path).
  // ?threads=false / true: wasmThreads: false (skips the threads a webpack build served cross-origin isolated would try and give up,
  // see README) / true (threads or an error).
  const params = new URLSearchParams(location.search);
  const worker = params.get('worker') === 'false' ? false : 'auto';
  const wasmThreads = params.get('threads') === 'false' ? false : params.get('threads') === 'true' ? true : undefined;
  const { detections, state, error, overlay } = useDetectOverlay(ref, { detector: 'centernet', scoreThreshold: 0.4, worker, wasmThreads });
  useEffect(() => {
    window.result = {
      state,
      error: error ? error.message : null,
      labels: detections.map((d) => d.label),
      worker: overlay ? overlay.stats.worker : null,
      threads: overlay ? overlay.stats.threads : null,
      isolated: globalThis.crossOriginIsolated === true,
      backend: overlay ? overlay.stats.backend : null,
    };
  });
  return h('div', { style: { position: 'relative', display: 'inline-block' } },
    h('video', { ref: (v) => { ref.current = v; if (v && stream && v.srcObject !== stream) v.srcObject = stream; }, autoPlay: true, muted: true, playsInline: true, width: 640, height: 480 }),
    h('p', null, state === 'error' ? error.message : detections.map((d) => d.label).join(', ')));
}

createRoot(document.getElementById('root')).render(h(Camera));
