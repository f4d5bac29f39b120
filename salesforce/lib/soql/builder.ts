/**
 * soql/: everything that writes or reads query text — literal escaping, the SELECT/WHERE builder, SOSL, structured filters, the SOQL reader.
 *
 * SOQL: literal escaping and a small builder. Every value that reaches a SOQL statement goes through `literal` (or
 * one of its typed forms) and every identifier through the name checks, so no input can end a string or add a
 * clause. Conditions are values of the branded type `Condition`, made only by the functions here.
 */
import { InputError } from '../http/errors.js';
import { assertFieldPath, assertSObjectName, printable } from '../input/names.js';
import { assertRecordId } from '../input/ids.js';

/** Salesforce rejects statements longer than this. */
export const MAX_SOQL_LENGTH = 100_000;
/** Largest OFFSET Salesforce accepts. */
export const MAX_OFFSET = 2_000;

declare const conditionBrand: unique symbol;
/** A WHERE condition built by this module (never raw input). */
export type Condition = string & { readonly [conditionBrand]: true };
/** A SOQL literal rendered by this module (dates and dateTimes are unquoted, so they need their own type). */
export interface Literal {
    readonly soql: string;
}

export type LiteralValue = string | number | boolean | null | Date;

const ESCAPES: Record<string, string> = {
    '\\': '\\\\',
    "'": "\\'",
    '"': '\\"',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\b': '\\b',
    '\f': '\\f'
};

/** Escapes text for use between single quotes (the quotes are not added). */
export function escapeSoqlString(value: string, path = 'value'): string {
    let out = '';
    for (const char of value) {
        const escaped = ESCAPES[char];
        if (escaped) {
            out += escaped;
            continue;
        }
        const code = char.codePointAt(0) ?? 0;
        if (code < 0x20 || code === 0x7f) {
            throw new InputError(`contains the control character U+${code.toString(16).padStart(4, '0')}, which SOQL cannot carry`, path);
        }
        out += char;
    }
    return out;
}

/** Escapes text for a LIKE pattern: as a string, plus the wildcards `%` and `_`. */
export function escapeSoqlLike(value: string, path = 'value'): string {
    return escapeSoqlString(value, path).replace(/[%_]/g, (w) => `\\${w}`);
}

/** A quoted string literal: `O'Brien` → `'O\'Brien'`. */
export function stringLiteral(value: string, path = 'value'): Literal {
    return { soql: `'${escapeSoqlString(value, path)}'` };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;

function validDate(year: number, month: number, day: number): boolean {
    const d = new Date(Date.UTC(year, month - 1, day));
    return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** A date literal, unquoted: `2024-01-31`. */
export function dateLiteral(value: string, path = 'value'): Literal {
    const m = DATE_RE.exec(value);
    if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
        throw new InputError(`"${printable(value)}" is not a date in the form YYYY-MM-DD`, path);
    }
    return { soql: value };
}

/**
 * A dateTime literal in UTC, unquoted: `2024-01-31T10:00:00.000Z`. Accepts ISO strings with `Z`, `+hh:mm` or the
 * `+0000` form Salesforce returns in records, and Date objects.
 */
export function dateTimeLiteral(value: string | Date, path = 'value'): Literal {
    return { soql: normalizeDateTime(value, path) };
}

/** Normalises a dateTime to `YYYY-MM-DDThh:mm:ss.sssZ` (UTC), the form every cursor in this package stores. */
export function normalizeDateTime(value: string | Date, path = 'value'): string {
    let date: Date;
    if (value instanceof Date) {
        date = value;
    } else {
        const m = DATETIME_RE.exec(value);
        if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) {
            throw new InputError(`"${printable(value)}" is not an ISO 8601 date-time such as 2024-01-31T10:00:00Z`, path);
        }
        const zone = m[8] === 'Z' ? 'Z' : `${(m[8] ?? '').slice(0, 3)}:${(m[8] ?? '').slice(-2)}`;
        date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${zone}`);
    }
    if (Number.isNaN(date.getTime())) {
        throw new InputError('is not a valid date-time', path);
    }
    return date.toISOString();
}

/** A number literal; only finite numbers. */
export function numberLiteral(value: number, path = 'value'): Literal {
    if (!Number.isFinite(value)) {
        throw new InputError(`${value} is not a finite number`, path);
    }
    return { soql: String(value) };
}

/** Any plain value as a literal: strings are quoted, Dates become dateTimes, null is `null`. */
export function literal(value: LiteralValue, path = 'value'): Literal {
    if (value === null) return { soql: 'null' };
    if (value instanceof Date) return dateTimeLiteral(value, path);
    switch (typeof value) {
        case 'string':
            return stringLiteral(value, path);
        case 'number':
            return numberLiteral(value, path);
        case 'boolean':
            return { soql: value ? 'true' : 'false' };
        default:
            throw new InputError(`a ${typeof value} cannot be a SOQL value`, path);
    }
}

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * `field op value`, e.g. `compare('StageName', '=', 'Closed Won')` or
 * `compare('CloseDate', '>=', dateLiteral('2024-01-01'))`.
 */
export function compare(field: string, op: Operator, value: LiteralValue | Literal, path = field): Condition {
    assertFieldPath(field, path);
    const rendered = isLiteral(value) ? value.soql : literal(value, path).soql;
    return `${field} ${op} ${rendered}` as Condition;
}

function isLiteral(value: LiteralValue | Literal): value is Literal {
    return typeof value === 'object' && value !== null && !(value instanceof Date) && typeof value.soql === 'string';
}

export type LikeMode = 'contains' | 'startsWith' | 'endsWith' | 'exact';

/** `field LIKE '%text%'` with the text's own `%` and `_` escaped. */
export function like(field: string, text: string, mode: LikeMode = 'contains', path = field): Condition {
    assertFieldPath(field, path);
    const body = escapeSoqlLike(text, path);
    const pattern = mode === 'contains' ? `%${body}%` : mode === 'startsWith' ? `${body}%` : mode === 'endsWith' ? `%${body}` : body;
    return `${field} LIKE '${pattern}'` as Condition;
}

/** `field IN (…)`, or `NOT IN` when negated. An empty list is refused (it would match nothing or be invalid). */
export function inList(field: string, values: readonly LiteralValue[], negate = false, path = field): Condition {
    assertFieldPath(field, path);
    if (values.length === 0) {
        throw new InputError('needs at least one value', path);
    }
    const rendered = values.map((v, i) => literal(v, `${path}[${i}]`).soql).join(', ');
    return `${field} ${negate ? 'NOT IN' : 'IN'} (${rendered})` as Condition;
}

/** `field IN ('id1', …)` for record ids, each validated. */
export function idIn(field: string, ids: readonly string[], path = field): Condition {
    ids.forEach((id, i) => assertRecordId(id, `${path}[${i}]`));
    return inList(field, ids, false, path);
}

export function isNull(field: string, negate = false): Condition {
    assertFieldPath(field);
    return `${field} ${negate ? '!=' : '='} null` as Condition;
}

function join(op: 'AND' | 'OR', conditions: readonly (Condition | undefined)[]): Condition | undefined {
    const present = conditions.filter((c): c is Condition => c !== undefined);
    if (present.length === 0) return undefined;
    if (present.length === 1) return present[0];
    return present.map((c) => `(${c})`).join(` ${op} `) as Condition;
}

/** All of the conditions (undefined ones are skipped); each is parenthesised. */
export function and(...conditions: (Condition | undefined)[]): Condition | undefined {
    return join('AND', conditions);
}

/** Any of the conditions (undefined ones are skipped); each is parenthesised. */
export function or(...conditions: (Condition | undefined)[]): Condition | undefined {
    return join('OR', conditions);
}

export function not(condition: Condition): Condition {
    return `NOT (${condition})` as Condition;
}

export interface OrderBy {
    field: string;
    direction?: 'ASC' | 'DESC';
    nulls?: 'FIRST' | 'LAST';
}

declare const subqueryBrand: unique symbol;
/** A child-relationship subquery built by `buildSubquery`, e.g. `(SELECT Id FROM CaseComments ORDER BY CreatedDate)`. */
export type Subquery = string & { readonly [subqueryBrand]: true };

/** A parenthesised child subquery over a relationship name (e.g. Contacts, CaseComments). */
export function buildSubquery(query: { select: readonly string[]; relationship: string; where?: Condition | undefined; orderBy?: readonly OrderBy[]; limit?: number }): Subquery {
    const inner = buildSoql({ select: query.select, from: query.relationship, where: query.where, orderBy: query.orderBy ?? [], limit: query.limit });
    return `(${inner})` as Subquery;
}

/** Per-row functions a select list may hold besides fields: `toLabel(Status)`, `convertCurrency(Amount) amt`, `FORMAT(CloseDate)`. */
const SELECT_FUNCTION_RE = /^(toLabel|convertCurrency|FORMAT)\(\s*([A-Za-z][A-Za-z0-9_.]*)\s*\)(\s+[A-Za-z][A-Za-z0-9_]*)?$/i;

/** A field path, or one of the per-row functions over a field path. */
export function assertSelectItem(item: string, path: string): string {
    const fn = SELECT_FUNCTION_RE.exec(item);
    if (fn) {
        assertFieldPath(fn[2], path);
        return item;
    }
    return assertFieldPath(item, path);
}

/**
 * A condition written by the connection's owner in metadata (records-by-soql): kept as written, parenthesised so it
 * cannot absorb the conditions the sync adds. The statement it came from was checked by `parseSyncableSoql`.
 */
export function ownerCondition(text: string): Condition | undefined {
    const trimmed = text.trim();
    return trimmed.length > 0 ? (`(${trimmed})` as Condition) : undefined;
}

export interface SelectQuery {
    select: readonly string[];
    /** Child subqueries added after the fields. */
    subqueries?: readonly Subquery[];
    from: string;
    where?: Condition | undefined;
    /** A WITH clause body from a statement checked by `parseSyncableSoql` (e.g. SECURITY_ENFORCED). */
    with?: string | undefined;
    orderBy?: readonly OrderBy[];
    limit?: number | undefined;
    offset?: number | undefined;
}

/** Builds `SELECT … FROM … [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n]` from validated parts. */
export function buildSoql(query: SelectQuery): string {
    const from = assertSObjectName(query.from, 'from');
    if (query.select.length === 0) {
        throw new InputError('needs at least one field', 'select');
    }
    const seen = new Set<string>();
    const fields: string[] = [];
    query.select.forEach((f, i) => {
        assertSelectItem(f, `select[${i}]`);
        if (!seen.has(f.toLowerCase())) {
            seen.add(f.toLowerCase());
            fields.push(f);
        }
    });
    let soql = `SELECT ${[...fields, ...(query.subqueries ?? [])].join(', ')} FROM ${from}`;
    if (query.where) {
        soql += ` WHERE ${query.where}`;
    }
    if (query.with) {
        soql += ` WITH ${query.with}`;
    }
    if (query.orderBy && query.orderBy.length > 0) {
        const parts = query.orderBy.map((o, i) => {
            assertFieldPath(o.field, `orderBy[${i}].field`);
            return `${o.field} ${o.direction ?? 'ASC'}${o.nulls ? ` NULLS ${o.nulls}` : ''}`;
        });
        soql += ` ORDER BY ${parts.join(', ')}`;
    }
    if (query.limit !== undefined) {
        if (!Number.isInteger(query.limit) || query.limit < 1) {
            throw new InputError('must be a whole number of at least 1', 'limit');
        }
        soql += ` LIMIT ${query.limit}`;
    }
    if (query.offset !== undefined && query.offset > 0) {
        if (!Number.isInteger(query.offset) || query.offset > MAX_OFFSET) {
            throw new InputError(`must be a whole number from 0 to ${MAX_OFFSET} (Salesforce's OFFSET limit)`, 'offset');
        }
        soql += ` OFFSET ${query.offset}`;
    }
    if (soql.length > MAX_SOQL_LENGTH) {
        throw new InputError(`the query would be ${soql.length} characters; Salesforce accepts at most ${MAX_SOQL_LENGTH}`, 'query');
    }
    return soql;
}
