// Shared top bar of the demo pages.
(() => {
  const pages = [['index.html', 'Webcam'], ['viewer.html', 'Remote viewer'], ['grid.html', 'Grid'], ['stream.html', 'RTMP stream'], ['script-tag.html', 'Script tag'], ['react.html', 'React grid']];
  const here = location.pathname.split('/').pop() || 'index.html';
  const bar = document.createElement('header');
  bar.className = 'topbar';
  bar.innerHTML = '<div class="brand">detect<span>-overlay</span></div><nav></nav>';
  const nav = bar.querySelector('nav');
  for (const [href, text] of pages) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    if (href === here) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  document.body.prepend(bar);
})();
