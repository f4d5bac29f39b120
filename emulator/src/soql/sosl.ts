/**
 * SOSL (reference §4.1, §11.3) and parameterized search (§4.2).
 *
 * No npm library parses SOSL (@jetstreamapp/soql-parser-js handles SOQL only), so the FIND {…} / IN /
 * RETURNING / WITH / LIMIT shell and the search-term expression are read by the small hand-written tokenizer
 * below. Each RETURNING object's field list and WHERE / ORDER BY / LIMIT / OFFSET are turned into a SOQL
 * statement and planned by the SOQL planner, so filtering reuses the SOQL WHERE evaluation.
 *
 * Matching: field values and search words are split into tokens (letters and digits), case- and
 * accent-insensitively; a word or "phrase" matches a field when its tokens appear consecutively in it;
 * `*` (zero or more characters) and `?` (one) are wildcards; words separated by spaces must all match
 * (AND), `OR`, `AND NOT` and parentheses combine them; quoted or backslash-escaped operator words and
 * reserved characters are literal.
 */
import { SfError } from '../errors.js';
import type { FieldDef, ObjectDef } from '../org/schema.js';
import type { Org } from '../org/store.js';
import type { Rec } from '../org/values.js';
import type { QueryEngine } from './engine.js';
import { SoqlError, type QueryPlan } from './plan.js';

export type SearchScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE' | 'SIDEBAR';

export interface ReturningSpec {
    object: string;
    /** Comma-separated field list; undefined → Id only. */
    fields: string | undefined;
    /** SOQL clauses after the field list: `WHERE … ORDER BY … LIMIT n OFFSET n`. */
    clauses: string;
    /** Limit set outside the clauses (parameterizedSearch `{Obj}.limit`). */
    limit?: number;
}

export interface SearchRequest {
    term: string;
    scope: SearchScope;
    returning: ReturningSpec[] | undefined;
    overallLimit: number | undefined;
    /** Default per-object limit (parameterizedSearch defaultLimit). */
    defaultLimit?: number;
    /** Offset applied to each object's matches (parameterizedSearch). */
    offset?: number;
    /** The SOSL statement as sent (errors about a RETURNING field point into it). */
    source?: string;
}

export const SOSL_MAX_ROWS = 2000;
const SINGLE_OBJECT_DEFAULT = 250;
const MAX_SOSL_LENGTH = 100_000;
const MAX_TERM_LENGTH = 10_000;
const OPERATORS_DROPPED_ABOVE = 4_000;

/** Objects that are never search results. */
const NOT_SEARCHABLE = new Set(['Profile', 'UserRole', 'LeadStatus', 'OpportunityStage', 'KnowledgeArticleVersion']);
/** Name-like fields NAME FIELDS also covers, besides each object's name field. */
const NAME_EXTRA: Record<string, string[]> = {
    Contact: ['FirstName', 'LastName'],
    Lead: ['FirstName', 'LastName', 'Company'],
    User: ['FirstName', 'LastName', 'Username', 'CommunityNickname'],
    Case: ['Subject'],
    Task: ['Subject'],
    EmailMessage: ['Subject']
};
const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url']);

export const malformedSearch = (message: string): SfError => new SfError(400, 'MALFORMED_SEARCH', message);

// ---------------------------------------------------------------------------------------------- SOSL shell

/** Parses `FIND {term} [IN … FIELDS] [RETURNING …] [WITH …] [LIMIT n] [UPDATE …]`. */
export function parseSosl(sosl: string): SearchRequest {
    if (sosl.length > MAX_SOSL_LENGTH) throw malformedSearch(`SOSL statement exceeds the maximum length of ${MAX_SOSL_LENGTH} characters`);
    let pos = 0;
    const src = sosl;
    const ws = (): void => {
        while (pos < src.length && /\s/.test(src[pos] as string)) pos++;
    };
    const keyword = (kw: string): boolean => {
        ws();
        const slice = src.slice(pos, pos + kw.length);
        const after = src[pos + kw.length];
        if (slice.toUpperCase() === kw && (after === undefined || !/[A-Za-z0-9_]/.test(after))) {
            pos += kw.length;
            return true;
        }
        return false;
    };
    const word = (): string => {
        ws();
        const m = /^[A-Za-z0-9_]+/.exec(src.slice(pos));
        if (!m) throw malformedSearch(`unexpected token at position ${pos}: '${src.slice(pos, pos + 20)}'`);
        pos += m[0].length;
        return m[0];
    };
    if (!keyword('FIND')) throw malformedSearch("SOSL must start with FIND: FIND {term} [IN … FIELDS] [RETURNING …]");
    ws();
    if (src[pos] !== '{') throw malformedSearch('No search term found. The search term must be enclosed in braces.');
    const start = ++pos;
    while (pos < src.length && src[pos] !== '}') {
        if (src[pos] === '\\') pos++;
        else if (src[pos] === '{') throw malformedSearch("unescaped '{' in the search term; escape reserved characters with a backslash");
        pos++;
    }
    if (pos >= src.length) throw malformedSearch("the search term is missing its closing '}'");
    const term = src.slice(start, pos);
    pos++;
    const req: SearchRequest = { term, scope: 'ALL', returning: undefined, overallLimit: undefined, source: sosl };
    for (;;) {
        ws();
        if (pos >= src.length) break;
        if (keyword('IN')) {
            const scope = word().toUpperCase();
            if (!['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'].includes(scope)) throw malformedSearch(`unknown search group '${scope}': use ALL, NAME, EMAIL, PHONE or SIDEBAR FIELDS`);
            if (!keyword('FIELDS')) throw malformedSearch(`expected FIELDS after IN ${scope}`);
            req.scope = scope as SearchScope;
        } else if (keyword('RETURNING')) {
            const specs: ReturningSpec[] = [];
            for (;;) {
                const object = word();
                ws();
                let fields: string | undefined;
                let clauses = '';
                if (src[pos] === '(') {
                    const inner = balanced();
                    [fields, clauses] = splitInner(inner);
                }
                specs.push({ object, fields, clauses });
                ws();
                if (src[pos] === ',') {
                    pos++;
                    continue;
                }
                break;
            }
            req.returning = specs;
        } else if (keyword('WITH')) {
            // WITH SNIPPET / HIGHLIGHT / SPELL_CORRECTION = b / METADATA = '…' / NETWORK … / DIVISION = '…': accepted, no effect.
            const what = word().toUpperCase();
            ws();
            if (src[pos] === '(') balanced();
            ws();
            if (src[pos] === '=') {
                pos++;
                ws();
                const m = /^('(?:[^'\\]|\\.)*'|[A-Za-z0-9_]+)/.exec(src.slice(pos));
                if (!m) throw malformedSearch(`bad value in WITH ${what}`);
                pos += m[0].length;
            } else if (what === 'DATA' || what === 'NETWORK' || what === 'PRICEBOOKID') {
                throw malformedSearch(`WITH ${what} is not supported by the emulator`);
            }
        } else if (keyword('LIMIT')) {
            const n = Number(word());
            if (!Number.isInteger(n) || n < 0) throw malformedSearch('LIMIT must be a non-negative integer');
            if (n > SOSL_MAX_ROWS) throw malformedSearch(`LIMIT can't exceed ${SOSL_MAX_ROWS}`);
            req.overallLimit = n;
        } else if (keyword('UPDATE')) {
            word();
            ws();
            while (src[pos] === ',') {
                pos++;
                word();
                ws();
            }
        } else {
            throw malformedSearch(`unexpected token at position ${pos}: '${src.slice(pos, pos + 20)}'`);
        }
    }
    return req;

    /** The text inside a balanced (…) starting at pos, skipping quoted strings; moves pos past it. */
    function balanced(): string {
        const open = pos;
        let depth = 0;
        for (; pos < src.length; pos++) {
            const c = src[pos];
            if (c === "'") {
                for (pos++; pos < src.length && src[pos] !== "'"; pos++) if (src[pos] === '\\') pos++;
            } else if (c === '(') depth++;
            else if (c === ')') {
                depth--;
                if (depth === 0) {
                    pos++;
                    return src.slice(open + 1, pos - 1);
                }
            }
        }
        throw malformedSearch("unbalanced parentheses in RETURNING");
    }
}

/** Splits `Id, Name WHERE … LIMIT 5` into the field list and the clauses, at the first top-level keyword. */
function splitInner(inner: string): [string | undefined, string] {
    let depth = 0;
    for (let i = 0; i < inner.length; i++) {
        const c = inner[i];
        if (c === "'") {
            for (i++; i < inner.length && inner[i] !== "'"; i++) if (inner[i] === '\\') i++;
            continue;
        }
        if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (depth === 0 && (i === 0 || /\s/.test(inner[i - 1] as string))) {
            const m = /^(WHERE|ORDER\s+BY|LIMIT|OFFSET|USING)\b/i.exec(inner.slice(i));
            if (m) {
                if (m[1]?.toUpperCase() === 'USING') throw malformedSearch('USING ListView is not supported by the emulator');
                const fields = inner.slice(0, i).trim();
                return [fields === '' ? undefined : fields, inner.slice(i).trim()];
            }
        }
    }
    const fields = inner.trim();
    return [fields === '' ? undefined : fields, ''];
}

// ---------------------------------------------------------------------------------------------- search term

/** Marks for unescaped wildcards inside a word (escaped `*`/`?` stay literal characters). */
const STAR = '\u0000';
const QMARK = '\u0001';

type TermNode = { k: 'text'; raw: string } | { k: 'and' | 'or'; parts: TermNode[] } | { k: 'not'; part: TermNode };
type TermToken = { t: 'text'; raw: string; quoted: boolean } | { t: '(' } | { t: ')' };

function tokenizeTerm(term: string): TermToken[] {
    const out: TermToken[] = [];
    let cur = '';
    let escapedAny = false;
    const flush = (): void => {
        if (cur !== '') out.push({ t: 'text', raw: cur, quoted: escapedAny });
        cur = '';
        escapedAny = false;
    };
    for (let i = 0; i < term.length; i++) {
        const c = term[i] as string;
        if (c === '\\') {
            const n = term[++i];
            if (n === undefined) throw malformedSearch('the search term ends with a lone backslash');
            cur += n;
            escapedAny = true;
        } else if (c === '"') {
            flush();
            let phrase = '';
            for (i++; i < term.length && term[i] !== '"'; i++) {
                if (term[i] === '\\') {
                    i++;
                    phrase += term[i] ?? '';
                } else if (term[i] === '*') phrase += STAR;
                else if (term[i] === '?') phrase += QMARK;
                else phrase += term[i];
            }
            if (i >= term.length) throw malformedSearch('unbalanced double quote in the search term');
            out.push({ t: 'text', raw: phrase, quoted: true });
        } else if (c === '(' || c === ')') {
            flush();
            out.push({ t: c });
        } else if (/\s/.test(c)) flush();
        else if (c === '*') cur += STAR;
        else if (c === '?') cur += QMARK;
        else cur += c;
    }
    flush();
    return out;
}

function parseTerm(term: string, dropOperators: boolean): TermNode {
    const tokens = tokenizeTerm(term);
    let pos = 0;
    const isOp = (tok: TermToken | undefined, op: string): boolean => tok?.t === 'text' && !tok.quoted && tok.raw.toUpperCase() === op;
    const orExpr = (): TermNode => {
        const parts = [andExpr()];
        while (isOp(tokens[pos], 'OR')) {
            pos++;
            parts.push(andExpr());
        }
        return parts.length === 1 ? (parts[0] as TermNode) : { k: 'or', parts };
    };
    const andExpr = (): TermNode => {
        const parts = [unary()];
        for (;;) {
            const tok = tokens[pos];
            if (tok === undefined || tok.t === ')' || isOp(tok, 'OR')) break;
            if (isOp(tok, 'AND')) {
                pos++;
                if (isOp(tokens[pos], 'NOT')) {
                    pos++;
                    parts.push({ k: 'not', part: unary() });
                    continue;
                }
            }
            parts.push(unary());
        }
        return parts.length === 1 ? (parts[0] as TermNode) : { k: 'and', parts };
    };
    const unary = (): TermNode => {
        const tok = tokens[pos++];
        if (tok === undefined) throw malformedSearch('the search term ends with an operator');
        if (tok.t === '(') {
            const inner = orExpr();
            if (tokens[pos++]?.t !== ')') throw malformedSearch('unbalanced parentheses in the search term');
            return inner;
        }
        if (tok.t === ')') throw malformedSearch('unbalanced parentheses in the search term');
        if (!tok.quoted && ['AND', 'OR', 'NOT'].includes(tok.raw.toUpperCase())) {
            throw malformedSearch(`misplaced operator ${tok.raw.toUpperCase()} in the search term; quote it ("${tok.raw.toLowerCase()}") to search for the word`);
        }
        return { k: 'text', raw: tok.raw };
    };
    if (dropOperators) {
        // Above 4,000 characters Salesforce drops the logical operators: every word counts, any may match.
        const words = tokens.filter((t): t is Extract<TermToken, { t: 'text' }> => t.t === 'text' && (t.quoted || !['AND', 'OR', 'NOT'].includes(t.raw.toUpperCase())));
        return { k: 'or', parts: words.map((w) => ({ k: 'text', raw: w.raw })) };
    }
    const node = orExpr();
    if (pos !== tokens.length) throw malformedSearch('unbalanced parentheses in the search term');
    return node;
}

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const splitTokens = (s: string): string[] => fold(s).split(/[^\p{L}\p{N}\u0000\u0001]+/u).filter((x) => x !== '');

type Matcher = (token: string) => boolean;

function tokenMatcher(pattern: string): Matcher {
    if (!pattern.includes(STAR) && !pattern.includes(QMARK)) return (t) => t === pattern;
    const re = new RegExp(`^${[...pattern].map((c) => (c === STAR ? '[\\p{L}\\p{N}]*' : c === QMARK ? '[\\p{L}\\p{N}]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'u');
    return (t) => re.test(t);
}

interface FieldText {
    tokens: string[];
    /** Digits only, for phone fields. */
    digits?: string;
}

type Compiled = (fields: FieldText[]) => boolean;

function compileTerm(node: TermNode): Compiled {
    switch (node.k) {
        case 'and': {
            const parts = node.parts.map(compileTerm);
            return (f) => parts.every((p) => p(f));
        }
        case 'or': {
            const parts = node.parts.map(compileTerm);
            return (f) => parts.some((p) => p(f));
        }
        case 'not': {
            const inner = compileTerm(node.part);
            return (f) => !inner(f);
        }
        case 'text': {
            const seq = splitTokens(node.raw).map(tokenMatcher);
            const digits = /^[\d\s().+-]+$/.test(node.raw) ? node.raw.replace(/\D/g, '') : '';
            // a word of punctuation only (an escaped & or -) has nothing to index: Salesforce ignores it
            if (seq.length === 0) return () => true;
            return (fields) =>
                fields.some((f) => {
                    // Phone numbers match on their digits whatever the formatting (a missing country code is fine).
                    if (digits.length >= 7 && f.digits !== undefined && f.digits.endsWith(digits)) return true;
                    const t = f.tokens;
                    for (let i = 0; i + seq.length <= t.length; i++) {
                        let ok = true;
                        for (let j = 0; j < seq.length && ok; j++) ok = (seq[j] as Matcher)(t[i + j] as string);
                        if (ok) return true;
                    }
                    return false;
                });
        }
    }
}

function termLength(term: string): number {
    return term.replace(/\\(.)/g, '$1').replace(/["*?()\s]/g, '').replace(/\b(AND|OR|NOT)\b/gi, '').length;
}

// ---------------------------------------------------------------------------------------------- running

function scopeFields(def: ObjectDef, scope: SearchScope): FieldDef[] {
    const names = new Set(NAME_EXTRA[def.name] ?? []);
    const isName = (fd: FieldDef): boolean => fd.nameField || names.has(fd.name);
    return def.fields.filter((fd) => {
        if (!TEXT_TYPES.has(fd.type) && !(fd.nameField && fd.type !== 'id')) return false;
        switch (scope) {
            case 'ALL':
                return true;
            case 'NAME':
                return isName(fd);
            case 'EMAIL':
                return fd.type === 'email';
            case 'PHONE':
                return fd.type === 'phone';
            case 'SIDEBAR':
                return isName(fd) || fd.type === 'email' || fd.type === 'phone';
        }
    });
}

/** Runs a parsed search; returns `{searchRecords}`. */
export function runSearch(org: Org, engine: QueryEngine, version: string, req: SearchRequest): { searchRecords: Array<Record<string, unknown>> } {
    if (termLength(req.term) < 2) throw malformedSearch('search term must be longer than one character');
    if (req.term.length > MAX_TERM_LENGTH) return { searchRecords: [] };
    const matcher = compileTerm(parseTerm(req.term, req.term.length > OPERATORS_DROPPED_ABOVE));
    const specs: ReturningSpec[] =
        req.returning ?? org.schema.objects.filter((o) => o.searchable && !NOT_SEARCHABLE.has(o.name)).map((o) => ({ object: o.name, fields: undefined, clauses: '' }));
    const plans = specs.map((spec) => {
        const def = org.schema.get(spec.object);
        if (!def || (req.returning && (NOT_SEARCHABLE.has(def.name) || !def.searchable) && def.name !== 'KnowledgeArticleVersion')) {
            throw new SfError(400, 'INVALID_TYPE', `sObject type '${spec.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
        }
        const soql = `SELECT ${spec.fields ?? 'Id'} FROM ${def.name} ${spec.clauses}`.trim();
        let plan: QueryPlan;
        try {
            plan = engine.planner.plan(soql);
        } catch (err) {
            if (err instanceof SfError && err.errorCode === 'MALFORMED_QUERY') throw malformedSearch(`${spec.object}: ${err.message.trim()}`);
            // An unknown or hidden (field-level security) RETURNING field: the same INVALID_FIELD as SOQL, pointing into the search.
            if (err instanceof SoqlError) throw err.within(req.source ?? '');
            throw err;
        }
        if ((plan.limit ?? 0) > SOSL_MAX_ROWS) throw malformedSearch(`LIMIT can't exceed ${SOSL_MAX_ROWS}`);
        const offset = plan.offset ?? req.offset ?? 0;
        if (offset > SOSL_MAX_ROWS) throw new SfError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOSL offset allowed is ${SOSL_MAX_ROWS}`);
        return { spec, def, plan, offset, filtered: /\bWHERE\b|\bORDER\s+BY\b/i.test(spec.clauses) };
    });
    const n = plans.length;
    let remaining = Math.min(req.overallLimit ?? SOSL_MAX_ROWS, SOSL_MAX_ROWS);
    const out: Array<Record<string, unknown>> = [];
    for (const { spec, def, plan, offset, filtered } of plans) {
        if (remaining <= 0) break;
        // Default per-object cap when no LIMIT is given (reference §4.1).
        const share = Math.floor(SOSL_MAX_ROWS / n);
        const defaultCap = req.defaultLimit ?? (filtered ? share : Math.min(share, SINGLE_OBJECT_DEFAULT));
        const cap = Math.min(plan.limit ?? spec.limit ?? defaultCap, remaining);
        const fields = scopeFields(def, req.scope);
        const hits: Rec[] = [];
        let skipped = 0;
        for (const rec of engine.selectUnbounded(plan)) {
            if (hits.length >= cap) break;
            const texts: FieldText[] = [];
            for (const fd of fields) {
                const v = rec[fd.name];
                if (typeof v !== 'string' || v === '') continue;
                texts.push(fd.type === 'phone' ? { tokens: splitTokens(v), digits: v.replace(/\D/g, '') } : { tokens: splitTokens(v) });
            }
            if (!matcher(texts)) continue;
            if (skipped < offset) {
                skipped++;
                continue;
            }
            hits.push(rec);
        }
        remaining -= hits.length;
        out.push(...engine.projectAll(plan, hits, version));
    }
    return { searchRecords: out };
}
