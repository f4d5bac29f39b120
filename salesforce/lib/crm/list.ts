/**
 * The list-* actions as tables: each action names its filter inputs, and for each the schema it accepts and the
 * condition it adds (all ANDed, every value escaped by the SOQL builder); the sort keys come from the object's
 * model. The query, the keyset cursor and the output budget are listTyped's (typed.ts).
 */
import * as z from 'zod';

import { guarded, type NangoClient } from '../http/api.js';
import { dateSchema, recordIdSchema } from '../input/schemas.js';
import { compare, dateLiteral, like, type Condition } from '../soql/builder.js';
import {
    cursorSchema,
    equalsIfGiven,
    idEqualsIfGiven,
    limitSchema,
    listTyped,
    modifiedSince,
    modifiedSinceSchema,
    outputSchemaOf,
    sortDirectionSchema,
    type CrmObject
} from './typed.js';

/** One filter input: what it accepts, and the condition a given value adds. */
export interface ListFilter<S extends z.ZodType = z.ZodType> {
    schema: S;
    where: (value: NonNullable<z.infer<S>>, path: string) => Condition | undefined;
}

export type ListFilters = Readonly<Record<string, ListFilter>>;

/** `Field IN ('<18-character id>')` for a record id input. */
export function idIs(field: string, description: string): ListFilter<z.ZodOptional<typeof recordIdSchema>> {
    return { schema: recordIdSchema.optional().describe(description), where: (value, path) => idEqualsIfGiven(field, value, path) };
}

/** `Field = value` for a text, number or boolean input. */
export function equalsTo<S extends z.ZodString | z.ZodBoolean>(field: string, schema: S, description: string): ListFilter<z.ZodOptional<S>> {
    return { schema: schema.optional().describe(description) as z.ZodOptional<S>, where: (value, path) => equalsIfGiven(field, value as string | boolean, path) };
}

/** `Field LIKE '%text%'` (case-insensitive in Salesforce), LIKE wildcards in the text escaped. */
export function contains(field: string, description: string): ListFilter<z.ZodOptional<z.ZodString>> {
    return { schema: z.string().min(1).max(255).optional().describe(description), where: (value, path) => like(field, value, 'contains', path) };
}

/** `DateField >= YYYY-MM-DD` (`from`) or `<=` (`to`), the date checked to exist. */
export function dateBound(field: string, bound: 'from' | 'to', description: string): ListFilter<z.ZodOptional<typeof dateSchema>> {
    return {
        schema: dateSchema.optional().describe(description),
        where: (value, path) => compare(field, bound === 'from' ? '>=' : '<=', dateLiteral(value, path))
    };
}

/** `LastModifiedDate >= <ISO 8601 date-time, in UTC>`; every list has it, as `modifiedSince`. */
export const modifiedSinceFilter: ListFilter<typeof modifiedSinceSchema> = { schema: modifiedSinceSchema, where: (value) => modifiedSince(value) };

type SortKey<O extends CrmObject> = Extract<keyof O['sortFields'], string>;

type ListInputShape<F extends ListFilters, O extends CrmObject> = { [K in keyof F]: F[K]['schema'] } & {
    sortBy: z.ZodOptional<z.ZodEnum<{ [K in SortKey<O>]: K }>>;
    sortDirection: typeof sortDirectionSchema;
    limit: typeof limitSchema;
    cursor: typeof cursorSchema;
};

/** The input schema of a list action: its filters in table order, then sortBy (the model's sort keys), sortDirection, limit, cursor. */
export function listInput<const F extends ListFilters, O extends CrmObject>(filters: F, object: O): z.ZodObject<ListInputShape<F, O>> {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, filter] of Object.entries(filters)) shape[name] = filter.schema;
    const sortKeys = Object.keys(object.sortFields) as [SortKey<O>, ...SortKey<O>[]];
    const defaultSort = sortKeys[0];
    shape['sortBy'] = z.enum(sortKeys).optional().describe(`Sort key. Default ${defaultSort}.`);
    shape['sortDirection'] = sortDirectionSchema;
    shape['limit'] = limitSchema;
    shape['cursor'] = cursorSchema;
    return z.object(shape) as unknown as z.ZodObject<ListInputShape<F, O>>;
}

type ListOutputShape<K extends string> = { [P in K]: z.ZodArray<z.ZodObject> } & { nextCursor: z.ZodNullable<z.ZodString> };

/** The output schema of a list action: the records under `key`, in the model's camelCase, and nextCursor. */
export function listOutput<const K extends string>(key: K, object: CrmObject): z.ZodObject<ListOutputShape<K>> {
    return z.object({
        [key]: z.array(outputSchemaOf(object)).describe(`The ${object.sObject} records of this page (at most limit), in the sort order.`),
        nextCursor: z.string().nullable().describe(`Pass as cursor to list-${key}, with the same filters and sort, for the following records; null when there are no more.`)
    }) as unknown as z.ZodObject<ListOutputShape<K>>;
}

interface PageInput {
    sortBy?: string | undefined;
    sortDirection?: 'asc' | 'desc' | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
}

/** One page of the list: the condition of every filter given in the input, ANDed, in table order. */
export async function listPage(
    nango: NangoClient,
    object: CrmObject,
    filters: ListFilters,
    input: PageInput & Record<string, unknown>
): Promise<{ items: Array<Record<string, unknown>>; nextCursor: string | null }> {
    return guarded(nango, () =>
        listTyped(nango, object, {
            filters: Object.entries(filters).map(([name, filter]) => (input[name] === undefined ? undefined : filter.where(input[name] as never, name))),
            sortBy: input.sortBy,
            sortDirection: input.sortDirection,
            limit: input.limit,
            cursor: input.cursor
        })
    );
}
