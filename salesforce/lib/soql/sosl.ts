/**
 * SOSL: escaping search terms and building `FIND {…} IN … RETURNING …` statements from validated parts.
 */
import { InputError } from '../http/errors.js';
import { assertFieldPath, assertSObjectName } from '../input/names.js';
import { buildWhere, type FieldFilter } from './filters.js';

/** Characters SOSL reserves inside `FIND {…}`; each is escaped with a backslash. */
export const SOSL_RESERVED = '?&|!{}[]()^~*:\\"\'+-';
/** Words SOSL reads as operators; quoted so they are searched for literally. */
const OPERATOR_WORDS = new Set(['and', 'or', 'not']);

/** Longest search text Salesforce honours fully (past 4,000 characters logical operators are dropped). */
export const MAX_SEARCH_TERM_LENGTH = 4_000;
/** Most rows a SOSL search returns. */
export const MAX_SEARCH_LIMIT = 2_000;

export type SearchScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE' | 'SIDEBAR';

/**
 * Escapes free text so that it is searched for literally: every reserved character gets a backslash, and the words
 * AND, OR, NOT are quoted. `1+1 = 2 (or more)` → `1\+1 = 2 \(or more\)` with `or` quoted.
 */
export function escapeSoslTerm(text: string, path = 'searchTerm'): string {
    const trimmed = text.trim();
    if (trimmed.length < 2) {
        throw new InputError('must have at least 2 characters', path);
    }
    if (trimmed.length > MAX_SEARCH_TERM_LENGTH) {
        throw new InputError(`must be at most ${MAX_SEARCH_TERM_LENGTH} characters`, path);
    }
    if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
        throw new InputError('may not contain control characters (newlines, tabs)', path);
    }
    return trimmed
        .split(/(\s+)/)
        .map((word) => {
            if (/^\s+$/.test(word)) return ' ';
            if (OPERATOR_WORDS.has(word.toLowerCase())) return `"${word}"`;
            let out = '';
            for (const char of word) {
                out += SOSL_RESERVED.includes(char) ? `\\${char}` : char;
            }
            return out;
        })
        .join('');
}

export interface ReturningObject {
    sObject: string;
    fields?: readonly string[] | undefined;
    where?: readonly FieldFilter[] | undefined;
    limit?: number | undefined;
}

export interface SearchQuery {
    searchTerm: string;
    /** Input path named in errors about the term. */
    termPath?: string;
    in?: SearchScope | undefined;
    returning: readonly ReturningObject[];
    limit?: number | undefined;
}

function assertLimit(limit: number | undefined, path: string): void {
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)) {
        throw new InputError(`must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`, path);
    }
}

/** Builds a SOSL statement in which only the validated names and the escaped term vary. */
export function buildSosl(query: SearchQuery): string {
    const term = escapeSoslTerm(query.searchTerm, query.termPath);
    if (query.returning.length === 0) {
        throw new InputError('must name at least one object to search', 'objects');
    }
    const parts = query.returning.map((object, i) => {
        const name = assertSObjectName(object.sObject, `objects[${i}].sObject`);
        assertLimit(object.limit, `objects[${i}].limit`);
        const fields = (object.fields ?? []).map((f, j) => assertFieldPath(f, `objects[${i}].fields[${j}]`));
        const where = object.where && object.where.length > 0 ? buildWhere(object.where, `objects[${i}].where`) : undefined;
        let clause = fields.length > 0 ? fields.join(', ') : '';
        if (where) clause += ` WHERE ${where}`;
        if (object.limit !== undefined) clause += ` LIMIT ${object.limit}`;
        return clause.length > 0 ? `${name}(${clause.trim()})` : name;
    });
    assertLimit(query.limit, 'limit');
    let sosl = `FIND {${term}} IN ${query.in ?? 'ALL'} FIELDS RETURNING ${parts.join(', ')}`;
    if (query.limit !== undefined) sosl += ` LIMIT ${query.limit}`;
    return sosl;
}
