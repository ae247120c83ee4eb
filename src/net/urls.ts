/**
 * URLs the model layer hands on. No TF.js here.
 */

/** Resolves a URL against the page, so errors show where a file was really looked for. */
export function absoluteUrl(url: string): string {
  try {
    return new URL(url, typeof document !== 'undefined' ? document.baseURI : undefined).href;
  } catch {
    return url;
  }
}

/** Absolute URL of a file in the folder `base` (the script-tag bundle's, or the worker's), if it makes one. */
export function besideBundle(name: string, base: string): string | undefined {
  try {
    return new URL(name, base).href;
  } catch {
    return undefined;
  }
}
