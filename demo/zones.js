// Zones and lines drawn by clicking on the video: the demo's editor. Points are kept in normalised
// video coordinates (0–1 of the intrinsic frame, what the SDK's `zones` / `lines` options take),
// mapped from the click through the element's object-fit and mirroring. The SDK draws the finished
// shapes itself; this layer only shows the shape being drawn. Saved in localStorage per page.

/** Where a client point falls on the video's intrinsic frame, 0–1 (null: off the picture). */
export function toVideoPoint(video, clientX, clientY) {
  const rect = video.getBoundingClientRect();
  const vw = video.videoWidth;
  const vh = video.videoHeight;
  if (!vw || !vh || !rect.width || !rect.height) return null;
  const fit = getComputedStyle(video).objectFit;
  let sx = rect.width / vw;
  let sy = rect.height / vh;
  if (fit === 'cover') sx = sy = Math.max(sx, sy);
  else if (fit !== 'fill') sx = sy = Math.min(sx, sy); // contain (a <video>'s default), none and scale-down alike here
  const mirrored = /matrix\(-1/.test(getComputedStyle(video).transform);
  const localX = mirrored ? rect.right - clientX : clientX - rect.left;
  const x = (localX - (rect.width - vw * sx) / 2) / (vw * sx);
  const y = (clientY - rect.top - (rect.height - vh * sy) / 2) / (vh * sy);
  if (x < 0 || x > 1 || y < 0 || y > 1) return null;
  return [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
}

const SVG = 'http://www.w3.org/2000/svg';

export class ZoneEditor {
  /**
   * `video` is the picture clicked on; `panel` the element the editor fills; `onChange({ zones, lines })`
   * is called whenever they change; `storageKey` names the saved shapes.
   */
  constructor(video, panel, onChange, storageKey) {
    this.video = video;
    this.panel = panel;
    this.onChange = onChange;
    this.storageKey = storageKey;
    this.shapes = this.load();
    this.drawing = null;
    this.layer = document.createElementNS(SVG, 'svg');
    this.layer.classList.add('draw-layer');
    video.parentElement.append(this.layer);
    this.panel.insertAdjacentHTML('beforeend', `
      <div class="buttons">
        <button type="button" data-act="zone">Draw a zone</button>
        <button type="button" data-act="line">Draw a line</button>
      </div>
      <p class="hint muted" hidden></p>
      <ul class="shapes"></ul>`);
    this.hint = panel.querySelector('.hint');
    this.list = panel.querySelector('.shapes');
    panel.addEventListener('click', (e) => this.onPanelClick(e));
    panel.addEventListener('change', (e) => this.onRename(e));
    this.layer.addEventListener('click', (e) => this.onDrawClick(e));
    this.layer.addEventListener('dblclick', (e) => { e.preventDefault(); this.finish(); });
    document.addEventListener('keydown', (e) => {
      if (!this.drawing) return;
      if (e.key === 'Escape') this.cancel();
      if (e.key === 'Enter') this.finish();
    });
    this.render();
  }

  /** The SDK options for the shapes now. */
  get options() {
    const zones = this.shapes.filter((s) => s.type === 'zone').map(({ name, points }) => ({ name, points }));
    const lines = this.shapes.filter((s) => s.type === 'line').map(({ name, points }) => ({ name, from: points[0], to: points[1] }));
    return { zones, lines };
  }

  load() {
    try {
      const saved = JSON.parse(localStorage.getItem(this.storageKey) ?? '[]');
      return Array.isArray(saved) ? saved.filter((s) => (s.type === 'zone' || s.type === 'line') && typeof s.name === 'string' && Array.isArray(s.points)) : [];
    } catch {
      return [];
    }
  }

  changed() {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.shapes));
    } catch { /* private mode: not saved */ }
    this.render();
    this.onChange(this.options);
  }

  start(type, replacing = null) {
    this.drawing = { type, points: [], screen: [], replacing };
    this.layer.classList.add('active');
    this.hint.hidden = false;
    this.hint.textContent = type === 'zone'
      ? 'Click the corners of the zone on the video; click the first corner, double-click or press Enter to close it. Esc cancels.'
      : 'Click where the line starts and where it ends: walking to the right of the arrow counts as "in". Esc cancels.';
    this.sketch();
  }

  cancel() {
    this.drawing = null;
    this.layer.classList.remove('active');
    this.hint.hidden = true;
    this.sketch();
  }

  finish() {
    const d = this.drawing;
    if (!d) return;
    const need = d.type === 'zone' ? 3 : 2;
    if (d.points.length < need) return;
    const taken = new Set(this.shapes.map((s) => s.name));
    let n = this.shapes.filter((s) => s.type === d.type).length + 1;
    while (taken.has(`${d.type} ${n}`)) n++;
    if (d.replacing) d.replacing.points = d.points;
    else this.shapes.push({ type: d.type, name: d.type === 'zone' ? `zone ${n}` : `line ${n}`, points: d.points });
    this.cancel();
    this.changed();
  }

  onDrawClick(e) {
    const d = this.drawing;
    if (!d) return;
    // The second click of a double-click closes the zone; it adds no point.
    if (e.detail > 1) return;
    const p = toVideoPoint(this.video, e.clientX, e.clientY);
    if (!p) return;
    const box = this.layer.getBoundingClientRect();
    const at = [e.clientX - box.left, e.clientY - box.top];
    const first = d.screen[0];
    if (d.type === 'zone' && d.points.length >= 3 && Math.hypot(at[0] - first[0], at[1] - first[1]) < 12) {
      this.finish();
      return;
    }
    d.points.push(p);
    d.screen.push(at);
    if (d.type === 'line' && d.points.length === 2) this.finish();
    else this.sketch();
  }

  /** The shape being drawn, in the layer's own pixels. */
  sketch() {
    const d = this.drawing;
    this.layer.replaceChildren();
    if (!d?.screen.length) return;
    const el = document.createElementNS(SVG, 'polyline');
    el.setAttribute('points', d.screen.map((p) => p.join(',')).join(' '));
    this.layer.append(el);
    for (const [x, y] of d.screen) {
      const c = document.createElementNS(SVG, 'circle');
      Object.entries({ cx: x, cy: y, r: 4 }).forEach(([k, v]) => c.setAttribute(k, v));
      this.layer.append(c);
    }
  }

  onPanelClick(e) {
    const act = e.target.closest('[data-act]')?.dataset.act;
    if (!act) return;
    const i = Number(e.target.closest('li')?.dataset.index);
    if (act === 'zone' || act === 'line') this.start(act);
    else if (act === 'delete') {
      this.shapes.splice(i, 1);
      this.changed();
    } else if (act === 'redraw') this.start(this.shapes[i].type, this.shapes[i]);
  }

  onRename(e) {
    if (!e.target.matches('input[data-name]')) return;
    const shape = this.shapes[Number(e.target.closest('li').dataset.index)];
    const name = e.target.value.trim().slice(0, 40);
    if (!name || this.shapes.some((s) => s !== shape && s.name === name)) {
      e.target.value = shape.name; // names must be unique and not empty
      return;
    }
    shape.name = name;
    this.changed();
  }

  render() {
    this.list.replaceChildren(...this.shapes.map((s, i) => {
      const li = document.createElement('li');
      li.dataset.index = String(i);
      const kind = document.createElement('span');
      kind.className = `kind ${s.type}`;
      kind.textContent = s.type === 'zone' ? '⬠' : '↗';
      kind.title = s.type;
      const name = Object.assign(document.createElement('input'), { type: 'text', value: s.name, maxLength: 40 });
      name.dataset.name = '';
      name.setAttribute('aria-label', `${s.type} name`);
      const redraw = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Redraw' });
      redraw.dataset.act = 'redraw';
      const del = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Delete' });
      del.dataset.act = 'delete';
      li.append(kind, name, redraw, del);
      return li;
    }));
    if (this.shapes.length === 0) {
      const li = document.createElement('li');
      li.className = 'muted empty';
      li.textContent = 'No zones or lines yet.';
      this.list.append(li);
    }
  }
}
