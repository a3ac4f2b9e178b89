/** Nodes added at run time: each sub-step a step adds has its own id (`P>0`, `P>1`, …), nested ones below it. */
import { expect, it } from 'vitest';
import { flow, run, type FlowEvent } from '../../index.js';

it('two sub-steps added by one step get ids P>0 and P>1, a sub-step of the second P>1>0', async () => {
  const events: FlowEvent[] = [];
  const f = flow<number>('outer').step('adds', (as: any) => {
    as.add((as: any) => as.success());
    as.add((as: any) => {
      as.add((as: any) => as.success());
    });
  });
  await run(f, 1, { onEvent: (e) => events.push(e) });
  const ids = [...new Set(events.filter((e) => e.type === 'start').map((e) => e.node))];
  const step = events.find((e) => e.type === 'start' && e.name === 'adds')!.node;
  expect(ids.filter((id) => id.startsWith(`${step}>`))).toEqual([`${step}>0`, `${step}>1`, `${step}>1>0`]);
});

