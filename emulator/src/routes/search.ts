/** GET /search?q=SOSL and GET|POST /parameterizedSearch (reference §4). */
import { SfError } from '../errors.js';
import { malformedSearch, parseSosl, runSearch, SOSL_MAX_ROWS, type ReturningSpec, type SearchRequest, type SearchScope } from '../soql/sosl.js';
import type { SalesforceState } from '../state.js';

export function search(s: SalesforceState, version: string, q: string | null): { searchRecords: Array<Record<string, unknown>> } {
    if (q === null || q.trim() === '') throw malformedSearch('A search string has to be specified in the q parameter: FIND {term} …');
    return runSearch(s.org, s.engine, version, parseSosl(q.trim()));
}

function intParam(name: string, raw: unknown, max: number): number | undefined {
    if (raw === undefined || raw === null || raw === '') return undefined;
    const n = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new SfError(400, 'INVALID_SEARCH', `${name} must be a non-negative integer`);
    if (n > max) throw new SfError(400, 'INVALID_SEARCH', `${name} can't exceed ${max}`);
    return n;
}

function scopeOf(raw: unknown): SearchScope {
    if (raw === undefined || raw === null || raw === '') return 'ALL';
    const v = String(raw).toUpperCase().replace(/\s+FIELDS$/, '');
    if (!['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'].includes(v)) throw new SfError(400, 'INVALID_SEARCH', `in must be one of ALL, NAME, EMAIL, PHONE, SIDEBAR; got ${String(raw)}`);
    return v as SearchScope;
}

function listOf(raw: unknown): string[] {
    if (raw === undefined || raw === null) return [];
    if (Array.isArray(raw)) return raw.map(String).map((x) => x.trim()).filter((x) => x !== '');
    return String(raw)
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
}

function clausesOf(where: unknown, orderBy: unknown): string {
    let out = '';
    if (typeof where === 'string' && where.trim() !== '') out += `WHERE ${where.trim()}`;
    if (typeof orderBy === 'string' && orderBy.trim() !== '') out += ` ORDER BY ${orderBy.trim()}`;
    return out.trim();
}

/**
 * parameterizedSearch: `q` is a plain search term (no SOSL clauses; escaping and operators as inside FIND {}).
 * GET uses query parameters (`sobject` repeatable, `{Obj}.fields|where|limit|orderBy`); POST a JSON body.
 */
export function parameterizedSearch(s: SalesforceState, version: string, params: URLSearchParams | undefined, body: Record<string, unknown> | undefined): { searchRecords: Array<Record<string, unknown>> } {
    const get = (k: string): unknown => (params ? (params.get(k) ?? undefined) : body?.[k]);
    const q = get('q');
    if (typeof q !== 'string' || q.trim() === '') throw new SfError(400, 'INVALID_SEARCH', 'The q parameter (search text) is required');
    if (/^\s*FIND\b/i.test(q)) throw new SfError(400, 'INVALID_SEARCH', 'q must be plain search text: SOSL clauses are not allowed in parameterizedSearch');
    const globalFields = listOf(get('fields'));
    let returning: ReturningSpec[] | undefined;
    const spec = (name: string, fields: string[], where: unknown, orderBy: unknown, limit: unknown): ReturningSpec => {
        const lim = intParam(`${name}.limit`, limit, SOSL_MAX_ROWS);
        const f = fields.length > 0 ? fields : globalFields;
        return { object: name, fields: f.length > 0 ? f.join(', ') : undefined, clauses: clausesOf(where, orderBy), ...(lim !== undefined ? { limit: lim } : {}) };
    };
    if (params) {
        const names = params.getAll('sobject').flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '');
        if (names.length > 0) {
            returning = names.map((name) => spec(name, listOf(params.get(`${name}.fields`)), params.get(`${name}.where`), params.get(`${name}.orderBy`), params.get(`${name}.limit`)));
        }
    } else {
        const sobjects = body?.['sobjects'];
        if (sobjects !== undefined) {
            if (!Array.isArray(sobjects)) throw new SfError(400, 'JSON_PARSER_ERROR', 'sobjects must be an array of {name, fields, where, limit}');
            returning = sobjects.map((o, i) => {
                if (o === null || typeof o !== 'object' || typeof (o as Record<string, unknown>)['name'] !== 'string') throw new SfError(400, 'JSON_PARSER_ERROR', `sobjects[${i}] needs a name`);
                const r = o as Record<string, unknown>;
                return spec(r['name'] as string, listOf(r['fields']), r['where'], r['orderBy'], r['limit']);
            });
        }
    }
    if (returning === undefined && globalFields.length > 0) throw new SfError(400, 'INVALID_SEARCH', 'fields needs sobject: name the objects to return');
    const overallLimit = intParam('overallLimit', get('overallLimit'), SOSL_MAX_ROWS);
    const defaultLimit = intParam('defaultLimit', get('defaultLimit'), SOSL_MAX_ROWS);
    const offset = intParam('offset', get('offset'), SOSL_MAX_ROWS);
    const request: SearchRequest = {
        term: q.trim(),
        scope: scopeOf(get('in')),
        returning,
        overallLimit,
        ...(defaultLimit !== undefined ? { defaultLimit } : {}),
        ...(offset !== undefined ? { offset } : {})
    };
    return runSearch(s.org, s.engine, version, request);
}
