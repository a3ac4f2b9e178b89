/** `slotType<I, O>()`: a slot's input and output types, as a value the builder can read the types from. */

/** Type-level marker key of a slot type (never present at run time). @public */
export declare const slotTypes: unique symbol;

/**
 * The input and output types of a template slot, for `.slot(name, type)`.
 * It carries types only.
 * @example
 * ```ts
 * const sendType: SlotTypeSpec<Notice, Delivery> = slotType<Notice, Delivery>();
 * ```
 * @public
 */
export interface SlotTypeSpec<TIn, TOut> {
  readonly kind: 'slotType';
  /** @internal type carrier */
  readonly [slotTypes]?: { readonly in: (input: TIn) => TIn; readonly out: TOut };
}

const SPEC: SlotTypeSpec<never, never> = Object.freeze({ kind: 'slotType' });

/**
 * Declares a slot's input and output types: `.slot('send', slotType<Notice, Delivery>())`
 * leaves a hole named `send` for a flow from `Notice` to `Delivery`.
 * @example
 * ```ts
 * const notify = flow<Notice>('notify').slot('send', slotType<Notice, Delivery>()).step('audit', audit);
 * notify.fill({ send: emailFlow });
 * ```
 * @public
 */
export function slotType<TIn, TOut>(): SlotTypeSpec<TIn, TOut> {
  return SPEC as unknown as SlotTypeSpec<TIn, TOut>;
}
