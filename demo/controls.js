// The demo's control panel, shared by the webcam and viewer pages: turns the form into
// detect-overlay options, re-attaches for options that need it, shows progress, stats and errors.
const { attach, RESTART_OPTIONS } = window.DetectOverlay;

export const DETECTORS = {
  centernet: { options: { detector: 'centernet', modelUrl: '/models/centernet/centernet.json' } },
  'coco-ssd': { options: { detector: 'coco-ssd' } },
  'coco-ssd-local': { options: { detector: 'coco-ssd', modelUrl: '/models/coco-ssd/model.json' } },
};

/** What to tell a person about a failure, with what to do about it. */
export function explain(error, detectorKey) {
  if (error.code === 'model-load-failed') {
    if (detectorKey === 'coco-ssd') {
      return 'coco-ssd\'s weights are only on Google\'s model hosting, which this machine cannot reach. ' +
        'To self-host: on a connected machine run `npm run models -- coco-ssd`, copy models/coco-ssd/ here, ' +
        'then pick "coco-ssd lite (self-hosted)". CenterNet works offline.';
    }
    if (detectorKey === 'coco-ssd-local') {
      return 'No coco-ssd model at /models/coco-ssd/model.json. Run `npm run models -- coco-ssd` on a connected machine (or copy the files there), then reload.';
    }
    return `The model could not be loaded (${error.message.replace(/^\[detect-overlay\] [\w-]+: /, '')}). Run \`npm run models\` and reload.`;
  }
  if (error.code === 'backend-unavailable') return `That backend cannot start in this browser: ${error.message}`;
  return error.message.replace(/^\[detect-overlay\] /, '');
}

/**
 * "sports ball: 0.6, remote: 0.5" → { 'sports ball': 0.6, remote: 0.5 } (undefined when empty). A
 * malformed entry is passed on as it is (a score of NaN), so the SDK's own error names it.
 */
export function classScores(text) {
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const at = entry.lastIndexOf(':');
    const score = at < 0 ? '' : entry.slice(at + 1).trim();
    return [at < 0 ? entry : entry.slice(0, at).trim(), score === '' ? Number.NaN : Number(score)];
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** Live options from the form (those `update()` accepts). */
export function liveOptions(form) {
  const f = form.elements;
  const classes = f.classes.value.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    scoreThreshold: Number(f.scoreThreshold.value),
    scoreThresholds: classScores(f.scoreThresholds.value),
    classes,
    motion: f.motion.checked,
    motionThreshold: Number(f.motionThreshold.value),
    maxFps: Number(f.maxFps.value),
    followMotion: f.followMotion.checked,
    mirror: f.mirror ? f.mirror.checked : 'auto',
  };
}

/**
 * Keeps one overlay on `video` in step with `form`. `ui` holds the status box, progress bar,
 * stats fields and the list of found classes. `extra()` gives options from elsewhere on the page
 * (the zones and lines drawn); `onAttach(overlay)` hears of each new overlay.
 */
export class DemoOverlay {
  constructor(video, form, ui, { extra = () => ({}), onAttach = () => {} } = {}) {
    this.video = video;
    this.form = form;
    this.ui = ui;
    this.extra = extra;
    this.onAttach = onAttach;
    this.overlay = null;
    this.generation = 0;
    form.addEventListener('input', (e) => this.onInput(e));
    form.addEventListener('submit', (e) => e.preventDefault());
    this.syncOutputs();
  }

  syncOutputs() {
    for (const out of this.form.querySelectorAll('output[for]')) {
      const input = this.form.elements[out.htmlFor.value];
      if (input) out.value = input.value;
    }
  }

  onInput(event) {
    this.syncOutputs();
    const name = event.target.name;
    if (name === 'mirror') this.video.classList.toggle('mirrored', event.target.checked);
    // The form's "detector" picks a model and its URL; the rest are options by their own names.
    if (name === 'detector' || RESTART_OPTIONS.includes(name)) {
      this.start();
      return;
    }
    this.refresh();
  }

  /** Hands the live options (the form's and the extra ones) to the running overlay. */
  refresh() {
    try {
      if (!this.overlay) return;
      this.overlay.update({ ...liveOptions(this.form), ...this.extra() });
      // A bad value typed a moment ago (its error shown) is now fixed.
      if (this.ui.status.classList.contains('error')) this.status(null);
    } catch (error) {
      this.status(explain(error), { error: true });
    }
  }

  status(text, { error = false, progress = null } = {}) {
    const { status, statusText, progressBar } = this.ui;
    status.hidden = !text;
    status.classList.toggle('error', error);
    statusText.textContent = text ?? '';
    progressBar.parentElement.hidden = progress === null;
    progressBar.parentElement.classList.toggle('indeterminate', progress === 'indeterminate');
    if (typeof progress === 'number') progressBar.style.width = `${Math.round(progress * 100)}%`;
  }

  async start() {
    const generation = ++this.generation;
    if (this.overlay && window.demo) {
      window.demo.overlays = window.demo.overlays.filter((o) => o !== this.overlay);
      if (window.demo.overlay === this.overlay) window.demo.overlay = undefined;
    }
    this.overlay?.destroy();
    this.overlay = null;
    const f = this.form.elements;
    const detectorKey = f.detector.value;
    this.status('Loading the model…', { progress: 'indeterminate' });
    try {
      const overlay = await attach(this.video, {
        ...DETECTORS[detectorKey].options,
        backend: f.backend.value,
        worker: f.worker.value === 'auto' ? 'auto' : f.worker.value === 'true',
        ...liveOptions(this.form),
        ...this.extra(),
        onProgress: (p) => generation === this.generation && p < 1 && this.status(`Loading the model… ${Math.round(p * 100)}%`, { progress: p }),
      });
      if (generation !== this.generation) return overlay.destroy();
      this.overlay = overlay;
      (window.demo ??= { overlays: [] }).overlays.push(overlay);
      window.demo.overlay ??= overlay;
      this.status('');
      overlay.on('stats', (s) => this.showStats(s));
      overlay.on('detections', (e) => this.showFound(e.detections));
      overlay.on('error', (e) => this.status(explain(e, detectorKey), { error: true }));
      this.showStats(overlay.stats);
      this.onAttach(overlay);
    } catch (error) {
      if (generation !== this.generation) return;
      this.status(explain(error, detectorKey), { error: true });
      (window.demo ??= { overlays: [] }).error = { code: error.code, message: error.message };
    }
  }

  showStats(s) {
    const { stats } = this.ui;
    if (!stats) return;
    stats.fps.textContent = s.fps.toFixed(1);
    stats.ms.textContent = s.inferences ? `${s.avgInferenceMs.toFixed(0)} ms` : '—';
    stats.gated.textContent = s.framesSampled ? `${Math.round((100 * s.framesGated) / s.framesSampled)}%` : '—';
    // e.g. "wasm ×2 (worker)": the backend, its threads when more than one, where the model runs.
    const threads = s.threads > 1 ? ` ×${s.threads}` : '';
    stats.backend.textContent = s.backend ? `${s.backend}${threads} (${s.worker ? 'worker' : 'page'})` : '—';
  }

  showFound(detections) {
    const counts = new Map();
    for (const d of detections) counts.set(d.label, (counts.get(d.label) ?? 0) + 1);
    const list = this.ui.found;
    if (!list) return;
    list.replaceChildren(...[...counts].map(([label, n]) => {
      const li = document.createElement('li');
      li.textContent = n > 1 ? `${label} ×${n}` : label;
      return li;
    }));
  }
}

/** The controls panel's HTML, shared by the pages (static markup, no user input in it). */
export function controlsMarkup({ mirror = true } = {}) {
  return `
  <div class="field"><label for="detector">Model</label>
    <select id="detector" name="detector">
      <option value="centernet" selected>CenterNet (local, COCO-80)</option>
      <option value="coco-ssd">coco-ssd lite (hosted by Google)</option>
      <option value="coco-ssd-local">coco-ssd lite (self-hosted)</option>
    </select></div>
  <div class="field"><label for="backend">Backend</label>
    <select id="backend" name="backend">
      <option value="auto" selected>auto (fastest here)</option>
      <option value="wasm">WASM</option>
      <option value="webgl">WebGL</option>
      <option value="cpu">CPU (plain JS)</option>
    </select></div>
  <div class="field"><label for="worker">Model runs</label>
    <select id="worker" name="worker">
      <option value="auto" selected>auto (worker, unless a GPU)</option>
      <option value="true">in a worker (smooth page)</option>
      <option value="false">on the page</option>
    </select></div>
  <div class="field"><label for="scoreThreshold">Score threshold <output for="scoreThreshold"></output></label>
    <input id="scoreThreshold" name="scoreThreshold" type="range" min="0.1" max="0.9" step="0.05" value="0.3"></div>
  <div class="field"><label for="scoreThresholds">Per-class thresholds <span class="muted">class: score, …</span></label>
    <input id="scoreThresholds" name="scoreThresholds" type="text" value="sports ball: 0.5, fire hydrant: 0.5, remote: 0.5, book: 0.5" autocomplete="off"
      title="Classes the model often reports by mistake need a higher score than small, distant people do"></div>
  <div class="field"><label for="classes">Only these classes <span class="muted">comma list</span></label>
    <input id="classes" name="classes" type="text" placeholder="all, e.g. person, dog" autocomplete="off"></div>
  <div class="field"><label class="check"><input name="motion" type="checkbox" checked> Motion gate (skip still frames)</label></div>
  <div class="field"><label for="motionThreshold">Motion threshold <output for="motionThreshold"></output></label>
    <input id="motionThreshold" name="motionThreshold" type="range" min="0.0005" max="0.03" step="0.0005" value="0.0015"></div>
  <div class="field"><label for="maxFps">Max frames per second <output for="maxFps"></output></label>
    <input id="maxFps" name="maxFps" type="range" min="1" max="30" step="1" value="15"></div>
  <div class="field"><label class="check"><input name="followMotion" type="checkbox" checked> Boxes follow motion between inferences</label></div>
  ${mirror ? '<div class="field"><label class="check"><input name="mirror" type="checkbox" checked> Mirror (selfie view)</label></div>' : ''}`;
}

/** The stats panel's HTML. */
export const STATS_MARKUP = `
  <dl class="stats">
    <div><dt>Detections / s</dt><dd data-stat="fps">—</dd></div>
    <div><dt>Inference</dt><dd data-stat="ms">—</dd></div>
    <div><dt>Frames skipped by gate</dt><dd data-stat="gated">—</dd></div>
    <div><dt>Backend</dt><dd data-stat="backend">—</dd></div>
  </dl>
  <ul class="found" aria-label="Objects in view"></ul>`;

/** Finds the pieces `DemoOverlay` writes to under `root`. */
export function uiIn(root) {
  const q = (s) => root.querySelector(s);
  return {
    status: q('.status'), statusText: q('.status p'), progressBar: q('.progress > div'), found: q('.found'),
    stats: { fps: q('[data-stat="fps"]'), ms: q('[data-stat="ms"]'), gated: q('[data-stat="gated"]'), backend: q('[data-stat="backend"]') },
  };
}
