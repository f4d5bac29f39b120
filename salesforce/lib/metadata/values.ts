/**
 * Typed reads of Salesforce field values for the normalized models: every mapper goes through these, so nulls,
 * numbers and dates are handled one way.
 */
import type { SalesforceRecord } from '../http/pager.js';

/** The value at a field path (`Owner.Name`), or undefined when a relationship on the way is null. */
export function valueAt(record: Record<string, unknown> | null | undefined, path: string): unknown {
    // the common case, a field of the record itself spelled as the schema spells it: one lookup, no allocation
    if (record && typeof record === 'object' && path.indexOf('.') < 0) {
        const direct = record[path];
        if (direct !== undefined || path in record) return direct;
    }
    return valueAlong(record, partsOf(path));
}

/** Field paths split at their dots, kept: a mapper reads the same few paths (`Account.Name`) for every record. */
const splitPaths = new Map<string, readonly string[]>();

function partsOf(path: string): readonly string[] {
    let parts = splitPaths.get(path);
    if (parts === undefined) {
        parts = path.split('.');
        // bounded: paths come from code and metadata, but a caller could pass many different ones
        if (splitPaths.size < 10_000) splitPaths.set(path, parts);
    }
    return parts;
}

/** The value at a path given as its parts (see valueAt). */
function valueAlong(record: Record<string, unknown> | null | undefined, parts: readonly string[]): unknown {
    let current: unknown = record;
    for (const part of parts) {
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

/*
 * The converters below take a field's value, read by the mapper as `record['FirstName']` (a relationship's with
 * parentField): a read spelled out in the mapper is many times faster than a lookup by a path given as an argument,
 * which is what a sync's mapping of every record comes to. Each gives the REST form and the Bulk form (all text,
 * empty for null) of a value one result, so a model mapper can take a record as either API sent it.
 */

/** Text; null for null, a missing field and empty text. */
export function text(v: unknown): string | null {
    if (typeof v === 'string') return v === '' ? null : v;
    return v === null || v === undefined ? null : String(v);
}

/** A number (REST sends JSON numbers, Bulk text); null when empty or not a finite number. */
export function number(v: unknown): number | null {
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (v === null || v === undefined || v === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
}

/** A checkbox (REST sends true/false, Bulk "true"/"false"); null when the record does not carry it (the connected user cannot read the field). */
export function boolean(v: unknown): boolean | null {
    if (v === null || v === undefined || v === '') return null;
    return v === true || v === 'true';
}

/** A dateTime as ISO 8601 UTC with milliseconds (`2024-01-31T10:00:00.000Z`); Salesforce sends `…+0000`. */
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:\+0000|Z)$/;

/** A field of the parent record a lookup points to (`Account.Name`: parentField(record, 'Account', 'Name')), or undefined when the lookup is empty. */
export function parentField(record: SalesforceRecord, relationship: string, field: string): unknown {
    const parent = record[relationship];
    return parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[field] : undefined;
}

export function dateTime(v: unknown): string | null {
    if (typeof v !== 'string' || v.length === 0) return null;
    if (UTC_MILLIS.test(v)) {
        // already in its one form (a shaped record's): the same string, no copy
        if (v.length === 24) return v;
        // Salesforce writes UTC as `…000+0000`: rewrite it by hand, parsing a Date for every field of every record is slow
        return `${v.slice(0, 23)}Z`;
    }
    const normalized = v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const d = new Date(normalized);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const DATE_START = /^\d{4}-\d{2}-\d{2}/;

/** A date as `YYYY-MM-DD`. */
export function date(v: unknown): string | null {
    if (typeof v !== 'string' || !DATE_START.test(v)) return null;
    return v.length === 10 ? v : v.slice(0, 10);
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

/** Turns a value of one describe type into its one form (null for null, undefined and empty text). */
type Converter = (value: unknown) => unknown;

const toNumber: Converter = (value) => {
    if (value === null || value === undefined || value === '') return null;
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? n : null;
};
const toBoolean: Converter = (value) => (value === null || value === undefined || value === '' ? null : value === true || value === 'true');
const toDateTime: Converter = (value) => (value === null || value === undefined || value === '' ? null : dateTime(value));
const toDate: Converter = (value) => (value === null || value === undefined || value === '' ? null : date(value));
const toText: Converter = (value) => {
    if (typeof value === 'string') return value === '' ? null : value;
    if (value === null || value === undefined) return null;
    if (typeof value === 'object') return withoutAttributes(value);
    return String(value);
};
const toAny: Converter = (value) => {
    // anyType (history OldValue / NewValue) may hold a date-time: one form for it too
    if (typeof value === 'string' && value !== '' && UTC_MILLIS.test(value)) return `${value.slice(0, 23)}Z`;
    return toText(value);
};

/** The converter of a describe type, chosen once per field rather than once per value. */
function converterOf(type: string): Converter {
    if (NUMBER_TYPES.has(type)) return toNumber;
    switch (type) {
        case 'boolean':
            return toBoolean;
        case 'datetime':
            return toDateTime;
        case 'date':
            return toDate;
        case 'anyType':
            return toAny;
        default:
            return toText;
    }
}

/** The value of a field of the given describe type in its one form: what REST and Bulk (all text) both come to. */
export function typedValue(type: string, value: unknown): unknown {
    return converterOf(type)(value);
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
    return shaperOf(fields, keep)(record);
}

/** One planned field, ready to read: its converter and where it sits, worked out once per plan. */
interface CompiledField {
    /** The field's name when it sits on the record itself, else null. */
    name: string | null;
    key: readonly string[];
    convert: Converter;
}

/** Shaping functions of a plan (see shaperOf). */
interface Shapers {
    /** Builds a new record; the one given is left as it is. */
    fresh: (record: Record<string, unknown>) => Record<string, unknown>;
    /** Shapes a record the caller owns in place (see shaperOf). */
    inPlace: (record: Record<string, unknown>) => Record<string, unknown>;
}

const shapers = new WeakMap<readonly ShapedField[], Map<string, Shapers>>();

/**
 * The shaping function of a plan (see shapeRecord), built once and kept with the plan: each field's converter is
 * chosen from its type and its path split once, so shaping a record is one read and one conversion per field.
 *
 * `inPlace`: for a record the caller owns and reads no more in its raw form (a page just parsed): the record itself
 * is shaped, writing only the values whose form changes (a `+0000` datetime, Bulk's text numbers) and each
 * relationship anew, and its `attributes` entry set to undefined (not deleted: that would slow every later read of
 * the record; JSON leaves it out, and a comparison with toEqual ignores it). It holds, besides the planned fields,
 * what the query returned beyond them (IsDeleted). A record that does not hold a planned field under its exact name
 * is shaped into a new record instead. 2 to 3 times faster than building a new record, and nothing to collect.
 */
export function shaperOf(fields: readonly ShapedField[], keep: readonly string[] = [], inPlace = false): (record: Record<string, unknown>) => Record<string, unknown> {
    let byKeep = shapers.get(fields);
    if (!byKeep) {
        byKeep = new Map();
        shapers.set(fields, byKeep);
    }
    const keepKey = keep.join('\u0000');
    let known = byKeep.get(keepKey);
    if (!known) {
        known = compileShapers(fields, keep);
        byKeep.set(keepKey, known);
    }
    return inPlace ? known.inPlace : known.fresh;
}

function compileShapers(fields: readonly ShapedField[], keep: readonly string[]): Shapers {
    const compiled: CompiledField[] = fields.map(({ key, type }) => ({ name: key.length === 1 ? (key[0] ?? '') : null, key, convert: converterOf(type) }));
    const direct = compiled.filter((f) => f.name !== null);
    // each relationship path collapsed once, deepest paths included (an Owner.Manager.Name under Owner)
    const nested = [...new Map(fields.filter((f) => f.key.length > 1).map((f) => [f.key.join('.'), f.key])).values()];
    // the relationship fields grouped by the record entry they sit under
    const roots = [...new Set(nested.map((key) => key[0] ?? ''))].map((root) => {
        const under = compiled.filter((f) => f.name === null && f.key[0] === root);
        return {
            root,
            fields: under,
            paths: nested.filter((key) => key[0] === root),
            // every field one level down (Account.Name): the relationship is built flat, without the holder and the
            // collapse walk (the same result: null when all its values are null)
            flat: under.every((f) => f.key.length === 2) && new Set(under.map((f) => f.key[1])).size === under.length ? under.map((f) => ({ name: f.key[1] ?? '', key: f.key, convert: f.convert })) : null
        };
    });
    const kept = [...keep];
    const fresh = (record: Record<string, unknown>): Record<string, unknown> => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < compiled.length; i++) {
            const field = compiled[i] as CompiledField;
            if (field.name !== null) {
                let value = record[field.name];
                if (value === undefined) value = valueAt(record, field.name);
                out[field.name] = field.convert(value);
            } else {
                setAtPath(out, field.key, field.convert(valueAlong(record, field.key)));
            }
        }
        for (const name of kept) {
            const value = fieldValue(record, name);
            out[name] = value === undefined ? null : value;
        }
        for (const key of nested) collapseEmpty(out, key, 0);
        return out;
    };
    const inPlace = (record: Record<string, unknown>): Record<string, unknown> => {
        // every conversion gives back what it is given when that is already in its one form, so a record found
        // unfit part way (a name spelled otherwise) is still shaped right by `fresh`
        for (let i = 0; i < direct.length; i++) {
            const field = direct[i] as CompiledField;
            const name = field.name as string;
            const value = record[name];
            if (value === undefined && !(name in record)) return fresh(record);
            const converted = field.convert(value);
            if (converted !== value) record[name] = converted;
        }
        for (const name of kept) {
            if (record[name] !== undefined) continue;
            if (!(name in record)) return fresh(record);
            record[name] = null;
        }
        for (const { root, fields: under, paths, flat } of roots) {
            if (!(root in record)) return fresh(record);
            if (flat !== null) {
                const parent = record[root];
                const source = parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>) : null;
                const built: Record<string, unknown> = {};
                let any = false;
                for (let i = 0; i < flat.length; i++) {
                    const field = flat[i] as (typeof flat)[number];
                    const raw = source === null ? undefined : field.name in source ? source[field.name] : valueAlong(record, field.key);
                    const value = field.convert(raw);
                    built[field.name] = value;
                    if (value !== null) any = true;
                }
                record[root] = any ? built : null;
                continue;
            }
            const holder: Record<string, unknown> = {};
            for (const field of under) setAtPath(holder, field.key, field.convert(valueAlong(record, field.key)));
            for (const key of paths) collapseEmpty(holder, key, 0);
            record[root] = holder[root];
        }
        if (record['attributes'] !== undefined) record['attributes'] = undefined;
        return record;
    };
    return { fresh, inPlace };
}

/**
 * Puts only the given fields of a record in their one form (see shapeRecord), each where the record holds it (by its
 * exact name, else case-insensitively), and leaves every other entry as it is: for a record whose other fields a
 * model mapper reads through the converters above (a sync's extra fields, typed from describe). `inPlace`: the
 * record itself, one the caller owns; else a copy, the relationship objects on the fields' paths copied too.
 */
export function fieldTyperOf(fields: readonly ShapedField[], inPlace: boolean): (record: Record<string, unknown>) => Record<string, unknown> {
    if (fields.length === 0) return (record) => record;
    const compiled = fields.map(({ key, type }) => ({ key, convert: converterOf(type) }));
    return (record) => {
        const target = inPlace ? record : { ...record };
        for (const { key, convert } of compiled) {
            let holder: Record<string, unknown> | null = target;
            for (let depth = 0; holder !== null && depth < key.length - 1; depth++) {
                const name = nameIn(holder, key[depth] ?? '');
                const next: unknown = name === undefined ? undefined : holder[name];
                if (name === undefined || next === null || typeof next !== 'object') {
                    holder = null;
                } else {
                    const owned: Record<string, unknown> = inPlace ? (next as Record<string, unknown>) : { ...(next as Record<string, unknown>) };
                    if (!inPlace) holder[name] = owned;
                    holder = owned;
                }
            }
            const name = holder === null ? undefined : nameIn(holder, key[key.length - 1] ?? '');
            if (holder === null || name === undefined) continue;
            const value = holder[name];
            const converted = convert(value);
            if (converted !== value) holder[name] = converted;
        }
        return target;
    };
}

/** The entry of an object a field name denotes: the name itself, else the entry spelled otherwise (API names are case-insensitive). */
function nameIn(object: Record<string, unknown>, name: string): string | undefined {
    if (name in object) return name;
    const lower = name.toLowerCase();
    return Object.keys(object).find((k) => k.toLowerCase() === lower);
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
