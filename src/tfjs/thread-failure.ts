/**
 * Watching the start of TF.js's WASM backend for its threads breaking. Emscripten rethrows a thread
 * worker's error event in the scope that started it (the page, or the detection worker), and the
 * backend then waits for that thread forever: a bundler's minifier that rewrites TF.js's thread code
 * (webpack's production build on a cross-origin isolated page, seen) does that.
 */

/** WASM's threads failed to start: one of TF.js's thread workers threw. */
export class ThreadsFailed extends Error {}

/** Where the thread workers' errors arrive: the page's window or a worker's global scope. */
interface ErrorScope {
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  removeEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
}

/**
 * Resolves `starting`, or rejects with ThreadsFailed as soon as a thread worker's error reaches
 * this scope (the page's or the worker's global). After a failure, every other thread of the broken pool reports it too: the listener then
 * stays (for as long as the page lives, as do those threads) and takes those reports, the same failure
 * already reported, so that they reach neither the console nor, in a worker, the page as the worker's error.
 */
export async function failFastOnThreads<T>(starting: Promise<T>): Promise<T> {
  const scope = globalThis as unknown as ErrorScope;
  let failed = false;
  let fail: (error: ThreadsFailed) => void = () => undefined;
  const broke = new Promise<never>((_, reject) => (fail = reject));
  /** The failed threads' scripts (blob: URLs). */
  const threads = new Set<string>();
  const onError = (event: ErrorEvent): void => {
    // A thread's error event, rethrown: an ErrorEvent thrown as the error (the page's own errors are not).
    const thrown: unknown = event.error;
    if (typeof ErrorEvent !== 'undefined' && thrown instanceof ErrorEvent) {
      event.preventDefault();
      threads.add(thrown.filename);
      if (failed) return;
      failed = true;
      fail(new ThreadsFailed(`${thrown.message || 'an error'} in ${thrown.filename || 'a thread worker'}`));
    } else if (thrown == null && threads.has(event.filename)) {
      // In a worker, the thread's error itself then reaches this scope too (a nested worker's error goes to its owner).
      event.preventDefault();
    }
  };
  scope.addEventListener('error', onError);
  try {
    return await Promise.race([starting, broke]);
  } finally {
    if (!failed) scope.removeEventListener('error', onError);
  }
}
