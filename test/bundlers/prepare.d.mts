/** Makes the bundler tests' app in `out/app` from the packed tarball (prepare.mjs); returns its folder. */
export function prepareApp(out: string, options?: { timeoutMs?: number }): string;
