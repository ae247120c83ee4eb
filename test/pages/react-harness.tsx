// React test harness: tiles using useDetectOverlay under StrictMode, driven by the tests through
// window.harness. Development React, so StrictMode really mounts, unmounts and mounts again.
import { StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { useDetectOverlay } from '../../src/react.js';
import type { DetectOverlayOptions } from '../../src/types.js';

/** `show: false` renders no video (it comes later); `callbackRef` passes the element (a callback ref kept in state) instead of a ref object. */
interface TileSpec { id: string; clip: string; options: DetectOverlayOptions; show?: boolean; callbackRef?: boolean }
interface TileResult { state: string; error: string | null; detections: unknown[]; tracks: unknown[]; counts: unknown; resetCounts: () => void; overlay: unknown; renders: number }

const results: Record<string, TileResult> = {};

function Tile({ id, clip, options, show = true, callbackRef = false }: TileSpec) {
  const ref = useRef<HTMLVideoElement>(null);
  const [element, setElement] = useState<HTMLVideoElement | null>(null);
  const r = useDetectOverlay(callbackRef ? element : ref, options);
  const renders = useRef(0);
  renders.current++;
  useEffect(() => {
    results[id] = { state: r.state, error: r.error?.code ?? null, detections: r.detections, tracks: r.tracks, counts: r.counts, resetCounts: r.resetCounts, overlay: r.overlay, renders: renders.current };
  });
  return (
    <div className="tile" style={{ position: 'relative', display: 'inline-block', margin: 4 }}>
      {show
        ? <video ref={callbackRef ? setElement : ref} src={`/media/video/${clip}.webm`} muted autoPlay loop playsInline style={{ width: 320, height: 240, display: 'block' }} />
        : <p>waiting for the camera</p>}
    </div>
  );
}

let root: Root | null = null;

(window as unknown as { harness: unknown }).harness = {
  render(tiles: TileSpec[]) {
    root ??= createRoot(document.getElementById('root')!);
    root.render(<StrictMode>{tiles.map((t) => <Tile key={t.id} {...t} />)}</StrictMode>);
  },
  unmount() {
    root?.unmount();
    root = null;
  },
  results,
};
