#!/usr/bin/env node
// `node bench/tracker-cost.mjs` (after `npm run build`; also run by bench/run.mjs): what the tracker
// costs per result with 10, 50 and 200 boxes (people walking in a 640x480 frame at 3 results a
// second, a few appearing and leaving), median of 200 results after 50 of warm-up. Node, no browser.
import { performance } from 'node:perf_hooks';
import { Tracker, median } from './build/lib.mjs';

function walkers(n, seed = 1) {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, () => ({ x: rand() * 600, y: rand() * 380, vx: (rand() - 0.5) * 0.2, vy: (rand() - 0.5) * 0.05, w: 20 + rand() * 30 }));
}

export function trackerCost(counts = [10, 50, 200]) {
  return counts.map((n) => {
    const tracker = new Tracker({ minHits: 2, maxLostMs: 3000, confirmScore: 0.75, lowScore: 0.1 });
    const people = walkers(n);
    const times = [];
    for (let i = 0; i < 250; i++) {
      const at = i * 333;
      const dets = people.map((p, k) => ({ label: 'person', score: k % 7 === 0 ? 0.2 : 0.6, bbox: [(p.x + p.vx * at) % 620, (p.y + p.vy * at) % 400, p.w, p.w * 2.2] }))
        .filter((_, k) => (k + i) % 13 !== 0); // a few missed each result
      const t0 = performance.now();
      tracker.update(dets, at, 640, 480, (d) => d.score >= 0.3);
      if (i >= 50) times.push(performance.now() - t0);
    }
    return { boxes: n, medianMs: median(times), tracks: tracker.tracks.length };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of trackerCost()) console.log(`${r.boxes} boxes: ${r.medianMs.toFixed(3)} ms per result (${r.tracks} tracks)`);
}
