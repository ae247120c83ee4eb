import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
const p = await b.newPage({ viewport: { width: 900, height: 600 }, deviceScaleFactor: 1.5 });
p.on('console', (m) => console.log('console', m.type(), m.text()));
await p.goto('http://127.0.0.1:8080/test/pages/blank.html');
await p.evaluate(() => {
  document.body.innerHTML = `<div style="display:grid;grid-template-columns:320px 1fr;gap:20px;padding:30px">
    <div style="border-radius:12px;overflow:hidden;height:420px"><video id="v" muted loop autoplay playsinline style="width:100%;height:100%;object-fit:cover;transform:scaleX(-1)" src="/media/video/cockatoo_handheld_640x360_15fps.webm"></video></div>
    <div><video id="w" muted loop autoplay playsinline style="width:100%;height:300px;object-fit:contain;background:#222" src="/media/video/pedestrians_640x480_10fps.webm"></video></div></div>`;
  window.__ev = [];
  document.addEventListener('detect-overlay:error', (e) => window.__ev.push(e.detail.message));
  for (const id of ['v', 'w']) {
    const s = document.createElement('script');
    s.src = '/dist/detect-overlay.min.js';
    Object.assign(s.dataset, { source: id, detector: 'centernet', modelUrl: '/models/centernet/centernet.json', mirror: 'auto', scoreThreshold: '0.3' });
    document.body.append(s);
  }
});
await p.waitForTimeout(12000);
console.log(await p.evaluate(() => JSON.stringify({ ev: window.__ev, canv: [...document.querySelectorAll('canvas.detect-overlay')].map((c) => [c.style.left, c.style.top, c.style.width, c.style.height]) })));
await p.screenshot({ path: '/tmp/x.png' });
await b.close();
