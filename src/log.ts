/** The SDK's only console output: warnings, prefixed, never for normal operation. */
export function warn(message: string, detail?: unknown): void {
  if (typeof console === 'undefined') return;
  if (detail === undefined) console.warn(`[detect-overlay] ${message}`);
  else console.warn(`[detect-overlay] ${message}`, detail);
}
