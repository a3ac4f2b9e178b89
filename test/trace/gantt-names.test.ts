// toGantt writes every step and flow name so that Mermaid's gantt lexer reads
// it as the name it is: never a keyword, directive or comment, always on one line.
import { describe, expect, it } from 'vitest';
import { createTrace, flow, run, toGantt } from '../../index.js';
import { ganttTasks, lexGantt } from './gantt-lexer.js';

const KEYWORDS = [
  'click',
  'click here',
  'call back',
  'href "x"',
  'weekday monday',
  'weekend friday',
  'inclusiveEndDates',
  'topAxis',
  'section x',
  'title',
  'title x',
  'excludes',
  'excludes weekends',
  'includes x',
  'dateFormat',
  'dateFormat YYYY',
  'todayMarker',
  'todayMarker off',
  'axisFormat',
  'axisFormat %d',
  'tickInterval',
  'tickInterval 1day',
  'accTitle',
  'accDescr',
  'accDescr { x',
  'accDescription z',
  'gantt',
  'GANTT chart',
  'Section',
  '2024-01-01 release',
];

const OTHER = ['%% comment', 'x %% y', '50% done', 'a:b', 'a;b', '#35;', 'a#b', '<b>x</b>', 'a & b', '%%{init: {}}%%', '}%%', 'milestone', 'after s1'];

const BREAKS: Array<[string, string]> = [
  ['a\rb', 'a b'],
  ['a\nb', 'a b'],
  ['a\r\nb', 'a b'],
  ['a\u2028b', 'a b'],
  ['a\u2029b', 'a b'],
  ['a\u0085b', 'a b'],
  ['a\tb\u000bc', 'a b c'],
  ['\r\nlead and trail\n', 'lead and trail'],
];

async function gantt(name: string): Promise<string> {
  const trace = createTrace();
  await run(flow(name).step(name, () => 1).step('next', () => 2), 0, { onEvent: trace.onEvent });
  return toGantt(trace.spans(), name);
}

describe('toGantt names', () => {
  it.each([...KEYWORDS, ...OTHER].map((n) => [n, n] as const).concat(BREAKS))('a flow and step named %j stay tasks named %j', async (name, shown) => {
    const text = await gantt(name);
    const lines = lexGantt(text);
    expect(lines.filter((l) => l.kind === 'other')).toEqual([]);
    expect(lines.map((l) => l.kind)).toEqual(['header', 'title', 'dateFormat', 'axisFormat', 'section', 'task', 'task', 'task']);
    expect(lines[1]).toEqual({ kind: 'title', text: shown });
    expect(lines[4]).toEqual({ kind: 'section', text: shown });
    expect(ganttTasks(text).map((t) => t.name)).toEqual([shown, shown, 'next']);
    expect(text).not.toMatch(/[\r\u2028\u2029\u0085\t\u000b]/);
    expect(text.split('\n')).toHaveLength(9);
  });

  it('leaves plain names as they are', async () => {
    const text = await gantt('checkout');
    expect(text).toContain('\n  title checkout\n');
    expect(text).toContain('\n  section checkout\n');
    expect(text).toMatch(/\n {2}checkout :done, s1, 0, 1\n/);
    expect(text).toMatch(/\n {2}next :done, s\d+, 0, 1\n/);
    expect(await gantt('clickable')).toMatch(/\n {2}clickable :done, s1, 0, 1\n/);
  });

  it('omits a title of nothing but whitespace (a bare `title` line is not a title)', () => {
    const span = { run: 'r', span: 1, node: '0', name: 'a', path: [], start: 0, end: 1, status: 'succeeded' as const, retries: 0 };
    for (const title of ['', ' ', '\r\n']) {
      const text = toGantt([span], title);
      expect(lexGantt(text).map((l) => l.kind)).toEqual(['header', 'dateFormat', 'axisFormat', 'section', 'task']);
    }
    expect(toGantt([], '')).toBe('gantt\n  dateFormat x\n');
  });

  it('names unnamed spans (all: true) by node id, escaped', () => {
    const span = { run: 'r', span: 3, node: '0.1>0.0', path: ['f'], start: 0, end: 1, status: 'succeeded' as const, retries: 0 };
    expect(ganttTasks(toGantt([span], 'f', { all: true })).map((t) => t.name)).toEqual(['node 0.1>0.0']);
  });
});
