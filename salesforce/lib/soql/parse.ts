/**
 * Splits a caller's SOQL statement into its clauses, so a sync can validate it and add its own conditions properly
 * (parenthesised into the WHERE) instead of appending text. A small scanner of our own: function code may not import
 * a parser. It knows string literals with escapes, parentheses and the top-level clause keywords, which is all the
 * splitting needs; Salesforce itself parses the result.
 */
import { InputError } from '../http/errors.js';
import { assertSObjectName, printable } from '../input/names.js';
import { MAX_SOQL_LENGTH, assertSelectItem } from './builder.js';

export interface SoqlParts {
    /** The select list items as written (fields and relationship paths, or functions such as toLabel(Status)). */
    select: string[];
    from: string;
    /** The WHERE condition as written, without the keyword; empty when none. */
    where: string;
    /** A WITH clause (e.g. `SECURITY_ENFORCED`) as written, without the keyword; empty when none. */
    with: string;
}

const CLAUSES = ['SELECT', 'FROM', 'WHERE', 'WITH', 'GROUP BY', 'HAVING', 'ORDER BY', 'LIMIT', 'OFFSET', 'FOR VIEW', 'FOR REFERENCE', 'FOR UPDATE', 'UPDATE TRACKING', 'UPDATE VIEWSTAT', 'USING SCOPE'];
const AGGREGATES = /^(COUNT|COUNT_DISTINCT|SUM|AVG|MIN|MAX|GROUPING|CALENDAR_MONTH|CALENDAR_QUARTER|CALENDAR_YEAR|DAY_IN_MONTH|DAY_IN_WEEK|DAY_IN_YEAR|DAY_ONLY|FISCAL_MONTH|FISCAL_QUARTER|FISCAL_YEAR|HOUR_IN_DAY|WEEK_IN_MONTH|WEEK_IN_YEAR)\s*\(/i;

interface Found {
    keyword: string;
    start: number;
    end: number;
}

/** Positions of the clause keywords outside strings and parentheses. */
function topLevelKeywords(soql: string): Found[] {
    const found: Found[] = [];
    let depth = 0;
    let i = 0;
    while (i < soql.length) {
        const char = soql[i] ?? '';
        if (char === "'") {
            i++;
            while (i < soql.length && soql[i] !== "'") {
                i += soql[i] === '\\' ? 2 : 1;
            }
            if (i >= soql.length) throw new InputError('has a string literal that is not closed', 'soqlQuery');
            i++;
            continue;
        }
        if (char === '(') depth++;
        if (char === ')') {
            depth--;
            if (depth < 0) throw new InputError('has a ) without its (', 'soqlQuery');
        }
        if (depth === 0 && /[A-Za-z]/.test(char) && (i === 0 || /[\s)]/.test(soql[i - 1] ?? ''))) {
            const rest = soql.slice(i);
            const keyword = CLAUSES.find((k) => new RegExp(`^${k.replace(' ', '\\s+')}(?![A-Za-z0-9_])`, 'i').test(rest));
            if (keyword) {
                const match = new RegExp(`^${keyword.replace(' ', '\\s+')}`, 'i').exec(rest);
                found.push({ keyword, start: i, end: i + (match?.[0].length ?? keyword.length) });
                i += match?.[0].length ?? keyword.length;
                continue;
            }
        }
        if (char === ';') throw new InputError('must be a single statement (no ;)', 'soqlQuery');
        i++;
    }
    if (depth !== 0) throw new InputError('has a ( without its )', 'soqlQuery');
    return found;
}

/** Splits the select list on top-level commas. */
function splitSelect(list: string): string[] {
    const items: string[] = [];
    let depth = 0;
    let current = '';
    for (const char of list) {
        if (char === '(') depth++;
        if (char === ')') depth--;
        if (char === ',' && depth === 0) {
            items.push(current.trim());
            current = '';
            continue;
        }
        current += char;
    }
    items.push(current.trim());
    return items;
}

/**
 * Parses a statement a sync may page through: one object, plain fields, relationship paths or per-row functions, an
 * optional WHERE and WITH. Refused: aggregates, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET, FOR …, subqueries, TYPEOF.
 */
export function parseSyncableSoql(soql: string): SoqlParts {
    const text = soql.trim();
    if (text.length === 0 || text.length > MAX_SOQL_LENGTH) {
        throw new InputError(`must be a SOQL statement of 1 to ${MAX_SOQL_LENGTH} characters`, 'soqlQuery');
    }
    const found = topLevelKeywords(text);
    const first = found[0];
    if (!first || first.keyword !== 'SELECT' || first.start !== 0) {
        throw new InputError('must start with SELECT', 'soqlQuery');
    }
    const seen = new Set<string>();
    for (const f of found) {
        if (seen.has(f.keyword)) throw new InputError(`has two ${f.keyword} clauses`, 'soqlQuery');
        seen.add(f.keyword);
    }
    for (const refused of ['GROUP BY', 'HAVING', 'ORDER BY', 'LIMIT', 'OFFSET', 'FOR VIEW', 'FOR REFERENCE', 'FOR UPDATE', 'UPDATE TRACKING', 'UPDATE VIEWSTAT', 'USING SCOPE']) {
        if (seen.has(refused)) {
            throw new InputError(
                `may not use ${refused}: the sync orders and pages the records itself (by SystemModstamp and Id), so ${refused} would break paging`,
                'soqlQuery'
            );
        }
    }
    const clause = (keyword: string): string => {
        const index = found.findIndex((f) => f.keyword === keyword);
        const at = found[index];
        if (!at) return '';
        const next = found[index + 1];
        return text.slice(at.end, next ? next.start : text.length).trim();
    };
    const order = found.map((f) => f.keyword).join(',');
    if (!/^SELECT,FROM(,WHERE)?(,WITH)?$/.test(order)) {
        throw new InputError('must have its clauses in the order SELECT … FROM … [WHERE …] [WITH …]', 'soqlQuery');
    }
    const from = clause('FROM');
    if (/\s|,/.test(from)) {
        throw new InputError(`must read a single object (FROM "${from}")`, 'soqlQuery');
    }
    assertSObjectName(from, 'soqlQuery.FROM');
    const select = splitSelect(clause('SELECT'));
    for (const item of select) {
        if (item.length === 0) throw new InputError('has an empty item in its field list', 'soqlQuery');
        if (/^\(/.test(item)) throw new InputError('may not contain child subqueries; sync the child object with its own query', 'soqlQuery');
        if (/^TYPEOF\b/i.test(item)) throw new InputError('may not use TYPEOF', 'soqlQuery');
        if (AGGREGATES.test(item)) throw new InputError(`may not use the aggregate ${item}; a sync pages through rows`, 'soqlQuery');
        if (/^FIELDS\s*\(/i.test(item)) throw new InputError('may not use FIELDS(…), which Salesforce limits to 200 rows; list the fields', 'soqlQuery');
        try {
            assertSelectItem(item, 'soqlQuery');
        } catch {
            throw new InputError(`"${printable(item)}" is not a field, relationship path, toLabel(), convertCurrency() or FORMAT() item`, 'soqlQuery');
        }
    }
    return { select, from, where: clause('WHERE'), with: clause('WITH') };
}
