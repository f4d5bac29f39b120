/**
 * Typed reads of Salesforce field values for the normalized models: every mapper goes through these, so nulls,
 * numbers and dates are handled one way.
 */
import type { SalesforceRecord } from '../http/pager.js';

/** The value at a field path (`Owner.Name`), or undefined when a relationship on the way is null. */
export function valueAt(record: Record<string, unknown> | null | undefined, path: string): unknown {
    let current: unknown = record;
    for (const part of path.includes('.') ? path.split('.') : [path]) {
        if (!current || typeof current !== 'object') return undefined;
        const object = current as Record<string, unknown>;
        // Salesforce answers with the names as the schema spells them; a name given in another case is looked up
        // case-insensitively (API names are case-insensitive)
        if (part in object) {
            current = object[part];
            continue;
        }
        const lower = part.toLowerCase();
        const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
        current = key === undefined ? undefined : object[key];
    }
    return current;
}

export function text(record: SalesforceRecord, path: string): string | null {
    const v = valueAt(record, path);
    if (v === null || v === undefined || v === '') return null;
    return typeof v === 'string' ? v : String(v);
}

export function number(record: SalesforceRecord, path: string): number | null {
    const v = valueAt(record, path);
    if (v === null || v === undefined || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : null;
}

/** A checkbox; null when the record does not carry it (the connected user cannot read the field). */
export function boolean(record: SalesforceRecord, path: string): boolean | null {
    const v = valueAt(record, path);
    if (v === null || v === undefined || v === '') return null;
    return v === true || v === 'true';
}

/** A dateTime as ISO 8601 UTC with milliseconds (`2024-01-31T10:00:00.000Z`); Salesforce sends `…+0000`. */
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:\+0000|Z)$/;

export function dateTime(record: SalesforceRecord, path: string): string | null {
    const v = valueAt(record, path);
    if (typeof v !== 'string' || v.length === 0) return null;
    // Salesforce writes UTC as `…000+0000`: rewrite it by hand, parsing a Date for every field of every record is slow
    if (UTC_MILLIS.test(v)) return `${v.slice(0, 23)}Z`;
    const normalized = v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const d = new Date(normalized);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A date as `YYYY-MM-DD`. */
export function date(record: SalesforceRecord, path: string): string | null {
    const v = valueAt(record, path);
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
}

/** The values of extra fields named in metadata, keyed by the names as given. */
export function customFields(record: SalesforceRecord, fields: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of fields) {
        const v = valueAt(record, field);
        out[field] = v === undefined ? null : v;
    }
    return out;
}

/** Describe types whose values are JSON numbers. */
const NUMBER_TYPES: ReadonlySet<string> = new Set(['int', 'double', 'currency', 'percent', 'long']);

/** The value of a field of the given describe type in its one form: what REST and Bulk (all text) both come to. */
export function typedValue(type: string, value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null;
    if (NUMBER_TYPES.has(type)) {
        const n = typeof value === 'number' ? value : Number(value);
        return Number.isFinite(n) ? n : null;
    }
    if (type === 'boolean') return value === true || value === 'true';
    if (type === 'datetime') return dateTime({ v: value }, 'v');
    if (type === 'date') return date({ v: value }, 'v');
    if (typeof value === 'object') return withoutAttributes(value);
    // anyType (history OldValue / NewValue) may hold a date-time: one form for it too
    if (type === 'anyType' && typeof value === 'string' && UTC_MILLIS.test(value)) return `${value.slice(0, 23)}Z`;
    return typeof value === 'string' ? value : String(value);
}

/** A JSON value without the `attributes` entries Salesforce puts on every record and relationship object. */
export function withoutAttributes(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutAttributes);
    if (value && typeof value === 'object') {
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            if (key !== 'attributes') out[key] = withoutAttributes(v);
        }
        return out;
    }
    return value;
}

/** Sets a value at a path of nested objects (`["Account", "Name"]`), making the objects on the way. */
export function setAtPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
    let current = target;
    for (let depth = 0; depth < path.length - 1; depth++) {
        const part = path[depth] ?? '';
        let next = current[part];
        if (next === null || next === undefined || typeof next !== 'object') {
            next = {};
            current[part] = next;
        }
        current = next as Record<string, unknown>;
    }
    current[path[path.length - 1] ?? ''] = value;
}

/** Where a planned field's value sits in a record and its describe type (see metadata/fields.ts). */
export interface ShapedField {
    key: readonly string[];
    type: string;
}

/**
 * A record in its one form, whichever API read it: exactly the planned fields, at their paths as the org spells
 * them, each typed from describe (datetimes `…Z`, dates `YYYY-MM-DD`, numbers, booleans, empty text null), a
 * relationship whose fields are all null is itself null (REST sends null, Bulk empty columns), and no `attributes`.
 * `keep` names entries copied as they are (child subqueries).
 */
export function shapeRecord(record: Record<string, unknown>, fields: readonly ShapedField[], keep: readonly string[] = []): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const { key, type } of fields) {
        const value = typedValue(type, key.length === 1 ? fieldValue(record, key[0] ?? '') : valueAt(record, key.join('.')));
        setAtPath(out, key, value);
    }
    for (const name of keep) {
        const value = fieldValue(record, name);
        out[name] = value === undefined ? null : value;
    }
    for (const { key } of fields) {
        if (key.length > 1) collapseEmpty(out, key, 0);
    }
    return out;
}

/** Along a relationship path, replaces each object whose values are all null (or such objects) by null. */
function collapseEmpty(parent: Record<string, unknown>, key: readonly string[], depth: number): void {
    const part = key[depth] ?? '';
    const child = parent[part];
    if (!child || typeof child !== 'object' || depth >= key.length - 1) return;
    collapseEmpty(child as Record<string, unknown>, key, depth + 1);
    if (allNull(child as Record<string, unknown>)) parent[part] = null;
}

/** A direct field's value, by exact name first (the common case), else case-insensitively. */
function fieldValue(record: Record<string, unknown>, name: string): unknown {
    return name in record ? record[name] : valueAt(record, name);
}

function allNull(object: Record<string, unknown>): boolean {
    for (const value of Object.values(object)) {
        if (value !== null) return false;
    }
    return true;
}
