/** Typed errors: a code with zod-validated data. */
import type { ErrorType } from '../typings/errors.js';
import type { inferStandardInput } from '../typings/schema.js';
import { FlowError } from './errors.js';

/**
 * The part of a zod schema `defineError` uses.
 * @example
 * ```ts
 * const skuSchema: DataSchema<{ sku: string }> = z.object({ sku: z.string() });
 * const OutOfStock = defineError('OutOfStock', skuSchema);
 * ```
 * @public
 */
export interface DataSchema<TData> {
  safeParse(data: unknown): { success: true; data: TData } | { success: false; error: { issues: readonly unknown[] } };
}

/**
 * The validated data type of a schema.
 * @example
 * ```ts
 * type Data = inferDataOutput<typeof skuSchema>; // { sku: string }
 * ```
 * @public
 */
export type inferDataOutput<TSchema> = TSchema extends DataSchema<infer TData> ? TData : never;

/**
 * Defines a typed error: raise it with `as.error(Type, data)` (the data is
 * validated by `schema`), catch it with `.catch(Type, (as, e) => e.data)`.
 * @example
 * ```ts
 * const OutOfStock = defineError('OutOfStock', z.object({ sku: z.string() }));
 * flow<Order>().step((as, o) => as.error(OutOfStock, { sku: o.sku })).catch(OutOfStock, (as, e) => backorder(e.data.sku));
 * ```
 * @public
 */
export function defineError<const TCode extends string, TSchema extends DataSchema<unknown>>(
  code: TCode,
  schema: TSchema,
): ErrorType<TCode, inferDataOutput<TSchema>, inferStandardInput<TSchema, inferDataOutput<TSchema>>>;
export function defineError(code: string, schema: DataSchema<unknown>): ErrorType<string, unknown> {
  if (typeof code !== 'string' || code === '') throw new TypeError('defineError(): code must be a non-empty string');
  if (schema === null || typeof schema !== 'object' || typeof schema.safeParse !== 'function') {
    throw new TypeError(`defineError("${code}"): schema must be a zod schema`);
  }
  return Object.freeze({
    code,
    is: (error: unknown): error is FlowError & { data: unknown } => error instanceof FlowError && error.code === code,
    parse: (data: unknown) => {
      const r = schema.safeParse(data);
      return r.success ? { ok: true as const, data: r.data } : { ok: false as const, issues: r.error.issues };
    },
  });
}
