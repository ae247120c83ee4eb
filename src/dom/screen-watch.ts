/** Whether an element is in the viewport, and how much of it: what decides an overlay's turns (turn-desk.ts). */

/**
 * Calls `onChange(visible, area)` when `element` enters or leaves the viewport, or a quarter more
 * or less of it shows (`area`: its visible part, CSS pixels²). Returns the function that stops
 * watching. Without IntersectionObserver it never calls: the element counts as on screen. An
 * element with no box at all (`display: none`, a page that only listens to events) is not
 * scrolled away: it counts as on screen, at `unshownArea`.
 */
export function watchScreen(element: Element, onChange: (visible: boolean, area: number) => void, unshownArea: number): () => void {
  if (typeof IntersectionObserver !== 'function') return () => {};
  const observer = new IntersectionObserver((entries) => {
    const last = entries[entries.length - 1];
    if (!last) return;
    const { width, height } = last.boundingClientRect;
    if (width === 0 && height === 0) onChange(true, unshownArea);
    else onChange(last.isIntersecting, last.intersectionRect.width * last.intersectionRect.height);
  }, { threshold: [0, 0.25, 0.5, 0.75, 1] });
  observer.observe(element);
  return () => observer.disconnect();
}
