/**
 * Page code (runs in the browser, embedded by its source text): DOM helpers
 * that only ever set text, never markup. It must not refer to anything
 * outside its own body.
 */

/** Builds the DOM helpers in the page. */
export function clientDom() {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
    const e = document.createElement(tag);
    if (cls !== undefined) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const ms = (n: number): string => (n < 10 ? `${Math.round(n * 100) / 100} ms` : n < 10_000 ? `${Math.round(n * 10) / 10} ms` : `${Math.round(n / 100) / 10} s`);
  /** JSON text pretty-printed when it parses. */
  const pretty = (json: string, truncated: boolean): string => {
    if (truncated) return json;
    try {
      return JSON.stringify(JSON.parse(json), null, 2);
    } catch {
      return json;
    }
  };
  const words: Readonly<Record<string, string>> = { succeeded: 'succeeded', failed: 'failed', cancelled: 'cancelled', running: 'running', notReached: 'not reached' };
  const statusWord = (s: string): string => words[s] ?? s;
  return { el, ms, pretty, statusWord };
}

/** The helpers' type. */
export type ClientDom = ReturnType<typeof clientDom>;
