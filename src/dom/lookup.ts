/** Finding the page's elements the user names by id or CSS selector: a source, a container. */
import { DetectOverlayError } from '../errors.js';

/** The element an id (with or without `#`) or a CSS selector names; null when none (a selector that does not parse included). */
export function findElement(ref: string): HTMLElement | null {
  const byId = document.getElementById(ref.replace(/^#/, ''));
  if (byId) return byId;
  try {
    return document.querySelector<HTMLElement>(ref);
  } catch {
    return null;
  }
}

/** The `container` option's element: an element, an id or a CSS selector. Throws `invalid-option` when nothing matches. */
export function findContainer(c: HTMLElement | string): HTMLElement {
  const found = typeof c === 'string' ? findElement(c) : c;
  if (!found) throw new DetectOverlayError('invalid-option', `option "container" matches no element: ${JSON.stringify(c)}`);
  return found;
}
