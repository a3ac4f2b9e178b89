// host.run() is typed like run(): the flow's input and output, templates refused.
import { describe, expectTypeOf, it } from 'vitest';
import { flow, slotType } from '../../index.js';
import { createHost, type HostExecution, type HostRunStatus } from '../../host.js';

const host = createHost();
const f = flow<{ id: string }>('f').step((as, o) => o.id.length);

describe('host types', () => {
  it('run gives a HostExecution of the output', () => {
    expectTypeOf(host.run(f, { id: 'a' })).toEqualTypeOf<HostExecution<number>>();
    expectTypeOf(host.run(f, { id: 'a' }).status).toEqualTypeOf<HostRunStatus>();
    expectTypeOf<Awaited<HostExecution<number>>>().toEqualTypeOf<number>();
  });

  it('refuses a wrong input and a template', () => {
    // @ts-expect-error the input must be { id: string }
    host.run(f, { id: 1 });
    const tpl = flow<number>().slot('send', slotType<number, string>());
    // @ts-expect-error a template with an open slot is not runnable
    host.run(tpl, 1);
  });
});
