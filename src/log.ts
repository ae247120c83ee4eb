/** The SDK's only console output: warnings and set-up errors, prefixed, never for normal operation. */
export function warn(message: string, detail?: unknown): void {
  if (typeof console === 'undefined') return;
  if (detail === undefined) console.warn(`[detect-overlay] ${message}`);
  else console.warn(`[detect-overlay] ${message}`, detail);
}

/** A set-up error a developer must fix (a file of the SDK's not found); the message already has its prefix. */
export function logError(message: string): void {
  if (typeof console !== 'undefined') console.error(message);
}
