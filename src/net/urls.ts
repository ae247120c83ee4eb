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

/**
 * The folder the bundle is served from (the .wasm files and the worker script sit beside it):
 * `given` when the script tag (or the worker's stand-in) said so, else the module's own folder.
 */
export function bundleBase(given: string | undefined): string | undefined {
  if (given) return given;
  try {
    return new URL('./', import.meta.url).href;
  } catch {
    return undefined;
  }
}

/** Absolute URL of a file shipped beside the bundle (the worker script), if its folder is known. */
export function besideBundle(name: string, given: string | undefined): string | undefined {
  const base = bundleBase(given);
  return base ? new URL(name, base).href : undefined;
}
