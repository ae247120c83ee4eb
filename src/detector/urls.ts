/** URLs the detector layer hands on: resolved against the page, so errors show where a file was really looked for. No TF.js here. */

/** Resolves a model URL against the page, so errors show where it was really looked for. */
export function absoluteUrl(url: string): string {
  try {
    return new URL(url, typeof document !== 'undefined' ? document.baseURI : undefined).href;
  } catch {
    return url;
  }
}
