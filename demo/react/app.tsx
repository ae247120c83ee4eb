// The demo's React page: a video grid where tiles come and go, each with useDetectOverlay.
// All tiles share one loaded model (the SDK counts users of the same model).
import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useDetectOverlay } from '../../src/react.js';

const CLIPS = ['pedestrians_640x480_10fps', 'dog_nearstatic_640x360_15fps', 'cockatoo_handheld_640x360_15fps', 'static_dog_bicycle_640x480_15fps'];
const OPTIONS = { detector: 'centernet' as const, modelUrl: '/models/centernet/centernet.json', maxFps: 8 };

function Tile({ clip, onRemove }: { clip: string; onRemove: () => void }) {
  const ref = useRef<HTMLVideoElement>(null);
  const { detections, state, error } = useDetectOverlay(ref, OPTIONS);
  const labels = [...new Set(detections.map((d) => d.label))].join(', ');
  return (
    <div className="tile react-tile"><figure>
      <div className="frame">
        <video ref={ref} src={`/media/video/${clip}.webm`} muted autoPlay loop playsInline style={{ objectFit: 'cover' }} />
      </div>
      <figcaption>
        {state === 'loading' && 'Loading the model…'}
        {state === 'running' && (labels || 'nothing detected')}
        {state === 'error' && <span style={{ color: 'var(--bad)' }}>{error?.message}</span>}
        {' · '}<button type="button" onClick={onRemove}>Remove</button>
      </figcaption>
    </figure></div>
  );
}

function App() {
  const [tiles, setTiles] = useState<Array<{ id: number; clip: string }>>([]);
  const [clips, setClips] = useState<string[] | null>(null);
  const next = useRef(0);
  useEffect(() => {
    Promise.all(CLIPS.map((c) => fetch(`/media/video/${c}.webm`, { method: 'HEAD' }).then((r) => (r.ok ? c : null), () => null)))
      .then((found) => {
        const ok = found.filter((c): c is string => c !== null);
        setClips(ok);
        setTiles(ok.slice(0, 2).map((clip) => ({ id: next.current++, clip })));
      });
  }, []);
  const add = () => clips?.length && setTiles((t) => [...t, { id: next.current++, clip: clips[next.current % clips.length]! }]);
  if (clips && clips.length === 0) return <p className="muted">No sample clips under /media (put ../shared beside the repo).</p>;
  return (
    <>
      <p><button type="button" onClick={add}>Add a tile</button> <span className="muted">{tiles.length} {tiles.length === 1 ? 'tile' : 'tiles'} · one shared model</span></p>
      <div className="tiles react-tiles">
        {tiles.map((t) => <Tile key={t.id} clip={t.clip} onRemove={() => setTiles((all) => all.filter((x) => x.id !== t.id))} />)}
      </div>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
