/**
 * Escaping names for Mermaid `gantt` text, so that no step or flow name can
 * end a line, start a comment, or be read as a keyword or directive.
 *
 * Mermaid's gantt lexer (gantt.jison) reads a line by trying its rules in
 * order, the first that matches winning: a line that starts with `click `,
 * `section `, `title `, `dateFormat `, `excludes `, `todayMarker `,
 * `accDescr :`, `weekday monday`, `topAxis`, a `YYYY-MM-DD` date … is that
 * statement, not a task. Every other line up to `:` is a task's name, and
 * `%` starts a comment. Mermaid turns `#code;` entities back into their
 * characters when it draws (as in flowchart labels).
 */

/** Words the gantt lexer reads as statements when a line starts with them (case-insensitive). */
const KEYWORDS = [
  'gantt',
  'dateFormat',
  'inclusiveEndDates',
  'topAxis',
  'axisFormat',
  'tickInterval',
  'includes',
  'excludes',
  'todayMarker',
  'weekday',
  'weekend',
  'title',
  'section',
  'accTitle',
  'accDescr',
  'accDescription',
  'click',
  'call',
  'href',
];

/** A line start the lexer reads as a statement: a keyword as a whole word, or a date. */
const STATEMENT = new RegExp(`^(?:(?:${KEYWORDS.join('|')})(?![A-Za-z0-9_])|\\d{4}-\\d\\d-\\d\\d)`, 'i');

/** Line breaks (`\r`, `\n`, `\u2028`, `\u2029`, `\u0085`), other control characters and whitespace. */
const BREAKS = /[\s\u0000-\u001f\u007f-\u009f]+/g;

/** Characters that end a name (`:`), start a comment (`%`), an entity (`#`), end task data (`;`) or read as markup. */
const SPECIAL = /[#:;%<>&]/g;

const entity = (c: string): string => `#${c.charCodeAt(0)};`;

/**
 * The text of a section name or title (the rest of its line after `section ` or
 * `title `): on one line, trimmed, special characters as `#code;` entities.
 * Empty text gives `fallback` (escaped too).
 */
export function ganttText(text: string, fallback: string): string {
  const plain = text.replace(BREAKS, ' ').trim();
  if (plain === '') return fallback === '' ? '' : ganttText(fallback, '');
  return plain.replace(SPECIAL, entity);
}

/**
 * The name of a task, which starts its line: as `ganttText`, and its first
 * character an entity too when the name would start a statement.
 */
export function ganttTask(text: string, fallback: string): string {
  const escaped = ganttText(text, fallback);
  return STATEMENT.test(escaped) ? entity(escaped) + escaped.slice(1) : escaped;
}
