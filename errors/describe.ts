/**
 * Text for any value, for messages and warnings. `String(value)` throws for
 * objects without a prototype and for a `toString` that throws; this never
 * does, so describing what user code threw cannot become a second failure.
 */

/** `String(value)`, or a safe stand-in when that throws. */
export function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return '[value that cannot be shown]';
    }
  }
}

/** The stack of an Error (else its text), never throwing. */
export function describeError(value: unknown): string {
  try {
    const stack = value instanceof Error ? value.stack : undefined;
    if (typeof stack === 'string' && stack !== '') return stack;
  } catch {
    // a throwing `stack` getter: fall back to the value itself
  }
  return describe(value);
}
