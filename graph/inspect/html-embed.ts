/**
 * Embedding data in an HTML page without letting it become markup: JSON for
 * a `<script type="application/json">` block, and text for the few places
 * the page writes outside it.
 */

const JSON_UNSAFE = /[<>&\u2028\u2029]/g;
const JSON_ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * JSON text that is safe inside a `<script>` element: `<`, `>`, `&`,
 * U+2028 and U+2029 are written as `\u` escapes, so no `</script>`, `<!--`
 * or line separator can appear in it, and `JSON.parse` reads the same value.
 */
export function scriptJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('scriptJson(): the value has no JSON form');
  return text.replace(JSON_UNSAFE, (c) => JSON_ESCAPES[c]!);
}

const HTML_UNSAFE = /[&<>"'\u2028\u2029]/g;
const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\u2028': '&#x2028;', '\u2029': '&#x2029;' };

/** Text for HTML element content or a quoted attribute value (line and paragraph separators as references too). */
export function htmlText(text: string): string {
  return text.replace(HTML_UNSAFE, (c) => HTML_ESCAPES[c]!);
}

/**
 * Checks that code written into an inline `<script>` cannot end it early:
 * no `</script`, no `<!--` (case-insensitive).
 */
export function assertInlineScript(code: string): string {
  if (/<\/script|<!--/i.test(code)) throw new Error('inline script contains a sequence that would end its element');
  return code;
}
