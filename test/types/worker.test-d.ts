// worker() is typed from the module: the step's input is the export's first
// parameter, its output the export's awaited return type.
import { describe, expectTypeOf, it } from 'vitest';
import { flow, run, type Execution } from '../../index.js';
import { worker, workerModule, type TaskNames, type WorkerModule, type WorkerStep, type inferTaskInput, type inferTaskOutput } from '../../worker.js';

type Tasks = typeof import('../worker/fixtures/typed-tasks.js');
const tasks = workerModule<Tasks>(new URL('../worker/fixtures/typed-tasks.js', import.meta.url));

describe('worker types', () => {
  it('infers the name, input and output from a workerModule', () => {
    expectTypeOf(tasks).toEqualTypeOf<WorkerModule<Tasks>>();
    expectTypeOf(worker(tasks, 'hash')).toEqualTypeOf<WorkerStep<{ text: string; rounds: number }, string>>();
    expectTypeOf(worker(tasks, 'resize')).toEqualTypeOf<WorkerStep<{ pixels: Uint8Array; width: number }, { width: number; bytes: number }>>();
    expectTypeOf(worker(tasks, 'noInput')).toEqualTypeOf<WorkerStep<unknown, number>>();
  });

  it('only exported functions of (input, ctx) are task names', () => {
    expectTypeOf<TaskNames<Tasks>>().toEqualTypeOf<'hash' | 'resize' | 'noInput'>();
    // @ts-expect-error 'version' is not a function
    worker(tasks, 'version');
    // @ts-expect-error a function of three required parameters cannot be called as fn(input, ctx)
    worker(tasks, 'threeArgs');
    // @ts-expect-error not an export of the module
    worker(tasks, 'nope');
  });

  it('types the flow: the output of a worker step is the task output; a wrong input is a type error', () => {
    const f = flow<{ text: string; rounds: number }>('f').step('hash', worker(tasks, 'hash'));
    expectTypeOf(run(f, { text: 'a', rounds: 1 })).toEqualTypeOf<Execution<string>>();
    const g = flow<{ pixels: Uint8Array; width: number }>().step('resize', worker(tasks, 'resize')).step((as, r) => r.bytes);
    expectTypeOf(run(g, { pixels: new Uint8Array(1), width: 1 })).toEqualTypeOf<Execution<number>>();
    // @ts-expect-error the step needs { text, rounds }, the flow gives a number
    flow<number>().step('hash', worker(tasks, 'hash'));
  });

  it('with a plain URL both type arguments are given; transfer is typed by the input', () => {
    const url = new URL('../worker/fixtures/typed-tasks.js', import.meta.url);
    expectTypeOf(worker<Tasks, 'hash'>(url, 'hash')).toEqualTypeOf<WorkerStep<{ text: string; rounds: number }, string>>();
    worker(tasks, 'resize', { transfer: (input) => [input.pixels.buffer as ArrayBuffer] });
    // @ts-expect-error the input of 'hash' has no pixels
    worker(tasks, 'hash', { transfer: (input) => [input.pixels.buffer] });
    expectTypeOf<inferTaskInput<Tasks['hash']>>().toEqualTypeOf<{ text: string; rounds: number }>();
    expectTypeOf<inferTaskOutput<Tasks['resize']>>().toEqualTypeOf<{ width: number; bytes: number }>();
  });
});
