// Server-side rendering: Node imports the package and renders a component that uses the hook.
import { createElement as h, useRef } from 'react';
import { renderToString } from 'react-dom/server';
import { useDetectOverlay } from 'detect-overlay/react';
import { attach, DEFAULTS } from 'detect-overlay';

function App() {
  const ref = useRef(null);
  const { state, detections } = useDetectOverlay(ref, { detector: 'centernet' });
  return h('div', null, h('video', { ref, muted: true }), h('p', null, `state ${state}, ${detections.length} boxes`));
}

if (typeof attach !== 'function' || typeof DEFAULTS !== 'object') throw new Error('the package exports are missing');
console.log(renderToString(h(App)));
