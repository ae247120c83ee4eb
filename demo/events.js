// The demo's event log (zone and line events, each with a snapshot thumbnail) and counts panel.

const MAX_ENTRIES = 40;

/** "00:12.4" from seconds. */
export function clock(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds - 60 * m;
  return `${String(m).padStart(2, '0')}:${s.toFixed(1).padStart(4, '0')}`;
}

/** What one event says, e.g. "person #7 entered 'door' at 00:12.4". */
export function describe(type, e, dwellMs = 5000) {
  const who = `${e.track.label} #${e.track.id}`;
  const at = clock(e.videoTime);
  switch (type) {
    case 'zone-enter': return `${who} entered '${e.zone}' at ${at}`;
    case 'zone-leave': return `${who} left '${e.zone}' at ${at}`;
    case 'dwell': return `${who} has been in '${e.zone}' for ${Math.round(dwellMs / 1000)} s at ${at}`;
    case 'line-cross': return `${who} crossed '${e.line}' ${e.direction} at ${at}`;
    default: return `${who} ${type} at ${at}`;
  }
}

export class EventLog {
  constructor(panel) {
    this.panel = panel;
    panel.insertAdjacentHTML('beforeend', '<ol class="log" aria-live="polite"><li class="muted empty">Events appear here when a tracked object enters or leaves a zone, stays in one, or crosses a line.</li></ol>');
    this.list = panel.querySelector('.log');
    this.offs = [];
    this.shots = 0;
  }

  /** Logs `overlay`'s zone and line events (and forgets the overlay before). */
  follow(overlay, dwellMs = 5000) {
    for (const off of this.offs) off();
    this.offs = ['zone-enter', 'zone-leave', 'dwell', 'line-cross'].map((type) => overlay.on(type, (e) => this.add(overlay, type, e, dwellMs)));
  }

  async add(overlay, type, e, dwellMs) {
    this.list.querySelector('.empty')?.remove();
    const li = document.createElement('li');
    li.className = type;
    const text = document.createElement('span');
    text.textContent = describe(type, e, dwellMs);
    li.append(text);
    this.list.prepend(li);
    while (this.list.children.length > MAX_ENTRIES) this.drop(this.list.lastElementChild);
    // A snapshot per event, at most two being encoded at once (a crowd crossing a line is many events).
    if (this.shots >= 2 || overlay.state !== 'running') return;
    this.shots++;
    try {
      const blob = await overlay.snapshot({ type: 'image/jpeg', quality: 0.7 });
      if (!li.isConnected) return;
      const img = Object.assign(document.createElement('img'), { src: URL.createObjectURL(blob), alt: text.textContent });
      li.prepend(img);
    } catch {
      // No frame (a source swapped meanwhile): the entry stays without a picture.
    } finally {
      this.shots--;
    }
  }

  drop(li) {
    const img = li.querySelector('img');
    if (img) URL.revokeObjectURL(img.src);
    li.remove();
  }
}

export class CountsPanel {
  constructor(panel) {
    panel.insertAdjacentHTML('beforeend', '<table class="counts"><tbody></tbody></table><button type="button" class="reset">Reset line counts</button>');
    this.body = panel.querySelector('.counts tbody');
    this.reset = panel.querySelector('.reset');
    this.overlay = null;
    this.offs = [];
    this.reset.addEventListener('click', () => {
      this.overlay?.resetCounts();
      this.render();
    });
  }

  follow(overlay) {
    for (const off of this.offs) off();
    this.overlay = overlay;
    this.offs = ['zone-enter', 'zone-leave', 'line-cross'].map((type) => overlay.on(type, () => this.render()));
    this.render();
  }

  render() {
    const counts = this.overlay?.counts ?? { zones: {}, lines: {} };
    const byClass = (m) => Object.entries(m).map(([k, v]) => `${k} ${typeof v === 'number' ? v : `${v.in}/${v.out}`}`).join(', ');
    const rows = [
      ...Object.entries(counts.zones).map(([name, z]) => [`⬠ ${name}`, `${z.inside} inside`, byClass(z.byClass)]),
      ...Object.entries(counts.lines).map(([name, l]) => [`↗ ${name}`, `${l.in} in · ${l.out} out`, byClass(l.byClass)]),
    ];
    this.body.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement('tr');
      for (const c of cells) tr.append(Object.assign(document.createElement('td'), { textContent: c }));
      return tr;
    }));
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      tr.append(Object.assign(document.createElement('td'), { textContent: 'Draw a zone or a line to count.', className: 'muted' }));
      this.body.append(tr);
    }
    this.reset.hidden = Object.keys(counts.lines).length === 0;
  }
}
