/**
 * Salesforce API names (sObjects, fields, relationship paths) and the checks every name passes before it reaches a
 * URL path or a SOQL/SOSL statement.
 *
 * An API name is one or more segments joined by a double underscore: a namespace, the base name and a suffix
 * (`Invoice__c`, `acme__Invoice__c`, `Knowledge__kav`, `Location__Latitude__s`). A segment starts with a letter and
 * holds letters, digits and single underscores, never at its end. Nothing else passes: no dots (except between the
 * segments of a relationship path, where allowed), spaces, quotes, slashes, `%`, or SOQL keywords.
 */
import { InputError } from '../http/errors.js';

const SEGMENT = '[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*';
/** Pattern of one API name (also published in the input JSON schemas). */
export const API_NAME_PATTERN = `^${SEGMENT}(?:__${SEGMENT}){0,3}$`;
const API_NAME_RE = new RegExp(API_NAME_PATTERN);
/** Pattern of a field path: a field, or up to five relationship names then a field (`Account.Owner.Name`). */
export const FIELD_PATH_PATTERN = `^${SEGMENT}(?:__${SEGMENT}){0,3}(?:\\.${SEGMENT}(?:__${SEGMENT}){0,3}){0,5}$`;

/** Longest name accepted: 40-character names plus a 15-character namespace and suffixes. */
export const MAX_API_NAME_LENGTH = 80;

/** Words that are SOQL/SOSL syntax and can never be an object or field API name. */
const RESERVED = new Set(
    [
        'AND', 'AS', 'ASC', 'BY', 'CUBE', 'DESC', 'ELSE', 'EXCLUDES', 'FALSE', 'FIND', 'FIRST', 'FOR', 'FROM', 'GROUP',
        'HAVING', 'IN', 'INCLUDES', 'LAST', 'LIKE', 'LIMIT', 'NOT', 'NULL', 'NULLS', 'OFFSET', 'OR', 'ORDER', 'RETURNING',
        'ROLLUP', 'SELECT', 'TRUE', 'TYPEOF', 'USING', 'WHERE', 'WITH'
    ].map((w) => w.toLowerCase())
);

function problemWithName(name: unknown): string | null {
    if (typeof name !== 'string' || name.length === 0) {
        return 'must be a non-empty API name';
    }
    if (name.length > MAX_API_NAME_LENGTH) {
        return `must be at most ${MAX_API_NAME_LENGTH} characters`;
    }
    if (!API_NAME_RE.test(name)) {
        return `"${printable(name)}" is not a Salesforce API name (letters, digits and single underscores, starting with a letter; custom names end in __c)`;
    }
    if (RESERVED.has(name.toLowerCase())) {
        return `"${printable(name)}" is a SOQL keyword, not an API name`;
    }
    return null;
}

/**
 * Characters an error message must never carry raw: C0/C1 controls and DEL, bidi embeddings, overrides and isolates
 * (U+202A–202E, U+2066–2069) and marks (U+200E, U+200F, U+061C), zero-width characters (U+200B–200D, U+2060, U+FEFF),
 * line and paragraph separators (U+2028, U+2029) and lone surrogates.
 */
const UNPRINTABLE_RE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeUnit(char: string): string {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Shows a hostile value safely inside an error message: quotes and backslashes escaped as JSON does, every
 * invisible or direction-changing character as a \uXXXX escape, cut to `max` characters (never inside a pair).
 * The one escaper for echoed input: every message that repeats a caller's value passes it through here.
 */
export function printable(value: unknown, max = 60): string {
    const text = typeof value === 'string' ? value : String(value);
    let cut = text;
    if (text.length > max) {
        const end = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
        cut = `${text.slice(0, end)}…`;
    }
    return cut.replace(/["\\]/g, (c) => `\\${c}`).replace(UNPRINTABLE_RE, escapeUnit);
}

export function isApiName(name: unknown): name is string {
    return problemWithName(name) === null;
}

/** A field path: `Name`, `Owner.Name`, `Account.Owner.Profile.Name` (at most five relationship hops). */
export function isFieldPath(path: unknown): path is string {
    if (typeof path !== 'string') {
        return false;
    }
    const parts = path.split('.');
    return parts.length <= 6 && parts.every((part) => isApiName(part));
}

export function assertSObjectName(name: unknown, path = 'sObject'): string {
    const problem = problemWithName(name);
    if (problem) {
        throw new InputError(problem, path);
    }
    return name as string;
}

export function assertFieldName(name: unknown, path = 'field'): string {
    const problem = problemWithName(name);
    if (problem) {
        throw new InputError(problem, path);
    }
    return name as string;
}

export function assertFieldPath(value: unknown, path = 'field'): string {
    if (typeof value !== 'string' || !isFieldPath(value)) {
        const shown = typeof value === 'string' ? printable(value) : String(value);
        throw new InputError(`"${shown}" is not a field API name or relationship path such as Name or Account.Owner.Name`, path);
    }
    return value;
}

/** Validates a list of field paths and removes duplicates (case-insensitively, as Salesforce compares them). */
export function assertFieldList(values: readonly unknown[], path = 'fields', allowPaths = true): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    values.forEach((value, index) => {
        const name = allowPaths ? assertFieldPath(value, `${path}[${index}]`) : assertFieldName(value, `${path}[${index}]`);
        const key = name.toLowerCase();
        if (!seen.has(key)) {
            seen.add(key);
            out.push(name);
        }
    });
    return out;
}
