/** A bare static host for the bundler tests (static-server.mjs). */
export interface StaticHost {
  url: string;
  /** Every path asked for, in order. */
  requests: string[];
  /** The paths of GET requests only (a HEAD asks whether a file changed; it downloads nothing). */
  gets: string[];
  close(): Promise<void>;
}

/** Serves `roots` (folders, first match wins, then index.html for any other path) on 127.0.0.1 and a free port. */
export function serveStatic(roots: string[], options?: { isolated?: boolean }): Promise<StaticHost>;
