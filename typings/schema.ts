/** Type helpers for the schemas stepflow takes (zod, or anything with Standard Schema types). */

/**
 * The input type a schema declares through its Standard Schema types (as
 * zod does), or `TFallback` when it declares none.
 * @example
 * ```ts
 * type In = inferStandardInput<typeof orderSchema, unknown>;
 * ```
 * @public
 */
export type inferStandardInput<TSchema, TFallback> = TSchema extends { readonly '~standard': { readonly types?: infer TTypes } }
  ? NonNullable<TTypes> extends { readonly input: infer TInput }
    ? TInput
    : TFallback
  : TFallback;
