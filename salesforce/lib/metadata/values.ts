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

export function boolean(record: SalesforceRecord, path: string): boolean {
    const v = valueAt(record, path);
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
