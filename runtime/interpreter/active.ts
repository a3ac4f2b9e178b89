/**
 * The frame whose handler is on the JS stack right now (any run). Context
 * variables read it synchronously; FTN12 async_stack reads it too.
 */
import type { Frame } from './frame.js';

export const active: { frame: Frame | null } = { frame: null };
