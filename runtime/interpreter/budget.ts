/**
 * The burst budget: how many steps the interpreter enters before it looks
 * at the clock. Every step counts, whether the driver entered it or a
 * chain of plain steps ran it (`chain.ts`); once it runs out and a time
 * slice passed since the last macrotask turn, the driver yields one.
 */

/** Steps entered between two looks at the clock. */
export const BURST = 4096;

/** Steps left in this burst (shared by every run and scheduler: one JS thread, one budget). */
export const burst: { left: number } = { left: BURST };
