/**
 * The camelCase view of a model, for typed actions: the same schema and the same mapper as the sync (one mapper per
 * object), with every property name turned from snake_case to camelCase. Maps whose keys are Salesforce API names
 * (custom_fields, body) keep their keys.
 */
import * as z from 'zod';

export function camelKey(key: string): string {
    return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function camelType(type: z.ZodType): z.ZodType {
    if (type instanceof z.ZodObject) {
        return camelSchema(type);
    }
    if (type instanceof z.ZodNullable) {
        return camelType(type.unwrap() as z.ZodType).nullable();
    }
    if (type instanceof z.ZodArray) {
        return z.array(camelType(type.element as z.ZodType));
    }
    return type;
}

/** The schema with camelCase property names (descriptions kept). */
export function camelSchema(schema: z.ZodObject): z.ZodObject {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, value] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
        const converted = camelType(value);
        shape[camelKey(key)] = value.description ? converted.describe(value.description) : converted;
    }
    return z.object(shape);
}

function camelValue(value: unknown, type: z.ZodType): unknown {
    if (value === null || value === undefined) return value;
    if (type instanceof z.ZodNullable) return camelValue(value, type.unwrap() as z.ZodType);
    if (type instanceof z.ZodObject && typeof value === 'object') return toCamel(value as Record<string, unknown>, type);
    if (type instanceof z.ZodArray && Array.isArray(value)) return value.map((v) => camelValue(v, type.element as z.ZodType));
    return value;
}

/** A model value with camelCase property names, following its (snake_case) schema: properties it lacks are left out. */
export function toCamel(value: Record<string, unknown>, schema: z.ZodObject): Record<string, unknown> {
    const shape = schema.shape as Record<string, z.ZodType>;
    const out: Record<string, unknown> = {};
    for (const [key, type] of Object.entries(shape)) {
        if (key in value) out[camelKey(key)] = camelValue(value[key], type);
    }
    return out;
}
