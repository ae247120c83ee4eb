/**
 * The gate worker's script (gate-main.ts, bundled and minified) as a string: rollup.config.js
 * puts it here at build time, so every bundle carries it and a page starts it from a blob URL,
 * with no file to serve or find. Unbuilt (Node's unit tests), it is null: the page reads the gate
 * on its main thread, as it does wherever the worker cannot start.
 */
export const GATE_WORKER_SOURCE: string | null = null;
