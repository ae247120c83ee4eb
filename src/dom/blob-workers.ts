/**
 * Can this page start a worker from a `blob:` URL? WASM threads and the gate worker need that,
 * and a Content-Security-Policy without `worker-src blob:` (or `script-src blob:`) forbids it.
 * Chromium does not throw on such a worker: it fires `error` later (and TF.js would wait for its
 * threads forever). So the page asks once, with a one-line worker: the browser logs one CSP
 * violation when it is refused, and nothing else tries. The answer lives in the registry.
 */
/** A worker running `source` from a blob: URL (revoke `url` when it ends). Throws as `new Worker` does; nothing is left then. */
export function startBlobWorker(source: string): { worker: Worker; url: string } {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    return { worker: new Worker(url), url };
  } catch (error) {
    URL.revokeObjectURL(url);
    throw error;
  }
}

export function probeBlobWorkers(timeoutMs = 3000): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let url = '';
    let worker: Worker | null = null;
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      worker?.terminate();
      if (url) URL.revokeObjectURL(url);
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    try {
      ({ worker, url } = startBlobWorker('postMessage(1)'));
      worker.onmessage = () => done(true);
      worker.onerror = () => done(false);
    } catch {
      done(false);
    }
  });
}
