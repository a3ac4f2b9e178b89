// Reads gantt text the way Mermaid's gantt lexer does (mermaid-js/mermaid,
// packages/mermaid/src/diagrams/gantt/parser/gantt.jison, as built in mermaid 12.3):
// case-insensitive rules tried in order at the start of each line, the first
// match winning. A line is a task only when the task-name rule wins and the
// rest of it is task data.

export type GanttLine =
  | { kind: 'task'; name: string; data: string }
  | { kind: 'section' | 'title'; text: string }
  | { kind: 'header' | 'dateFormat' | 'axisFormat' | 'comment' }
  | { kind: 'other'; rule: string; line: string };

const RULES: ReadonlyArray<readonly [string, RegExp]> = [
  ['directive', /^%%\{/i],
  ['accTitle', /^accTitle\s*:\s*/i],
  ['accDescr', /^accDescr\s*:\s*/i],
  ['accDescr block', /^accDescr\s*\{\s*/i],
  ['comment', /^%%(?!\{)[^\n]*/i],
  ['comment', /^[^}]%%*[^\n]*/i],
  ['comment', /^%[^\n]*/i],
  ['href', /^href[\s]+["]/i],
  ['call', /^call[\s]+/i],
  ['click', /^click[\s]+/i],
  ['header', /^gantt\b/i],
  ['dateFormat', /^dateFormat\s[^#\n;]+/i],
  ['inclusiveEndDates', /^inclusiveEndDates\b/i],
  ['topAxis', /^topAxis\b/i],
  ['axisFormat', /^axisFormat\s[^#\n;]+/i],
  ['tickInterval', /^tickInterval\s[^#\n;]+/i],
  ['includes', /^includes\s[^#\n;]+/i],
  ['excludes', /^excludes\s[^#\n;]+/i],
  ['todayMarker', /^todayMarker\s[^\n;]+/i],
  ['weekday', /^weekday\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i],
  ['weekend', /^weekend\s+(?:friday|saturday)\b/i],
  ['date', /^\d\d\d\d-\d\d-\d\d\b/i],
  ['title', /^title\s[^\n]+/i],
  ['accDescription', /^accDescription\s[^#\n;]+/i],
  ['section', /^section\s[^\n]+/i],
  ['taskTxt', /^[^:\n]+/i],
];

/** Mermaid turns `#code;` back into the character when it draws. */
export const decode = (text: string): string => text.replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

/** The statements of a gantt text, one per line (Mermaid reads `\r` and `\r\n` as line ends too). */
export function lexGantt(text: string): GanttLine[] {
  const out: GanttLine[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/^\s+/, '');
    if (line === '') continue;
    const [rule, re] = RULES.find(([, r]) => r.test(line))!;
    const matched = line.match(re)![0];
    const rest = line.slice(matched.length);
    if (rule === 'taskTxt' && /^:[^#\n;]+$/.test(rest)) out.push({ kind: 'task', name: decode(matched.trim()), data: rest.slice(1).trim() });
    else if ((rule === 'section' || rule === 'title') && rest === '') out.push({ kind: rule, text: decode(matched.slice(rule.length + 1).trim()) });
    else if ((rule === 'header' || rule === 'dateFormat' || rule === 'axisFormat' || rule === 'comment') && rest.trim() === '') out.push({ kind: rule });
    else out.push({ kind: 'other', rule, line: raw });
  }
  return out;
}

/** The tasks of a gantt text, with the section each is in. */
export function ganttTasks(text: string): Array<{ section: string | undefined; name: string; tags: string[]; id: string; start: number; end: number }> {
  let section: string | undefined;
  const tasks = [];
  for (const l of lexGantt(text)) {
    if (l.kind === 'section') section = l.text;
    if (l.kind !== 'task') continue;
    const parts = l.data.split(',').map((p) => p.trim());
    const [start, end] = parts.slice(-2).map(Number) as [number, number];
    tasks.push({ section, name: l.name, tags: parts.slice(0, -3), id: parts.at(-3)!, start, end });
  }
  return tasks;
}
