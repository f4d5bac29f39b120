/**
 * Compiles a parsed WHERE clause into a predicate over stored records.
 *
 * soql-parser-js gives WHERE as a right-leaning chain of conditions with open/close parenthesis counts,
 * so we flatten it back into tokens and re-parse with SOQL precedence (NOT > AND > OR).
 */
import type { Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import { SfError } from '../errors.js';
import { to18 } from '../org/ids.js';
import type { FieldDef } from '../org/schema.js';
import { formatDate, isValidDate, parseDateTime, type Rec, type Value } from '../org/values.js';
import { dateLiteralRange } from './dates.js';
import { malformed, type FieldPath, type Planner, type QueryPlan } from './plan.js';

export type Predicate = (rec: Rec) => boolean;
export type Resolver = (rec: Rec, path: FieldPath) => Value;

export interface WhereContext {
    planner: Planner;
    plan: QueryPlan;
    resolve: Resolver;
    now: number;
    /** Runs a semi-join subquery and returns the values of its single selected field. */
    semiJoin: (soql: QueryPlan) => Set<string>;
}

type Token = { t: '(' } | { t: ')' } | { t: 'AND' } | { t: 'OR' } | { t: 'NOT' } | { t: 'COND'; c: Record<string, unknown> };

function flatten(where: WhereClause): Token[] {
    const out: Token[] = [];
    let node: WhereClause | undefined = where;
    while (node) {
        const left = node.left as unknown as Record<string, unknown> | null;
        const op = 'operator' in node ? (node.operator as string) : undefined;
        if (left) {
            const open = typeof left['openParen'] === 'number' ? left['openParen'] : 0;
            for (let i = 0; i < open; i++) out.push({ t: '(' });
            const isCondition = 'field' in left || 'fn' in left;
            if (isCondition) {
                out.push({ t: 'COND', c: left });
                const close = typeof left['closeParen'] === 'number' ? left['closeParen'] : 0;
                for (let i = 0; i < close; i++) out.push({ t: ')' });
            }
        }
        if (op === 'NOT') out.push({ t: 'NOT' });
        else if (op === 'AND' || op === 'OR') out.push({ t: op });
        node = 'right' in node ? node.right : undefined;
    }
    return out;
}

function unquote(raw: string, keepLikeEscapes: boolean): string {
    const s = raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2 ? raw.slice(1, -1) : raw;
    let out = '';
    for (let i = 0; i < s.length; i++) {
        const c = s[i] as string;
        if (c !== '\\') {
            out += c;
            continue;
        }
        const n = s[++i];
        switch (n) {
            case 'n': case 'N': out += '\n'; break;
            case 'r': case 'R': out += '\r'; break;
            case 't': case 'T': out += '\t'; break;
            case 'b': case 'B': out += '\b'; break;
            case 'f': case 'F': out += '\f'; break;
            case "'": case '"': case '\\': out += keepLikeEscapes && n === '\\' ? '\\\\' : n; break;
            case '_': case '%':
                if (!keepLikeEscapes) throw malformed(`Invalid string literal '${s}'. Illegal character sequence '\\${n}' in string literal.`);
                out += `\\${n}`;
                break;
            case 'u': {
                const hex = s.slice(i + 1, i + 5);
                if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw malformed(`Invalid unicode escape in '${s}'`);
                out += String.fromCharCode(parseInt(hex, 16));
                i += 4;
                break;
            }
            default:
                throw malformed(`Invalid string literal '${s}'. Illegal character sequence '\\${n ?? ''}' in string literal.`);
        }
    }
    return out;
}

function likeRegex(pattern: string): RegExp {
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i] as string;
        if (c === '\\' && i + 1 < pattern.length) {
            const n = pattern[++i] as string;
            re += n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        } else if (c === '%') re += '.*';
        else if (c === '_') re += '.';
        else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${re}$`, 'is');
}

const TEXT = new Set(['string', 'textarea', 'picklist', 'multipicklist', 'email', 'phone', 'url']);
const NUM = new Set(['int', 'double', 'currency', 'percent']);

type Lit = { kind: 'value'; v: Value } | { kind: 'range'; start: Value; end: Value };

function typeError(field: FieldDef, expect: string): SfError {
    return malformed(`value of filter criterion for field '${field.name}' must be of type ${expect} and should${expect === 'string' ? '' : ' not'} be enclosed in quotes`);
}

function literal(field: FieldDef, raw: string, type: string, c: Record<string, unknown>, now: number): Lit {
    if (type === 'NULL') return { kind: 'value', v: null };
    const ft = field.type;
    if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') {
        if (ft !== 'date' && ft !== 'datetime') throw typeError(field, TEXT.has(ft) ? 'string' : ft);
        const [s, e] = dateLiteralRange(raw, now);
        return ft === 'date' ? { kind: 'range', start: formatDate(s), end: formatDate(e) } : { kind: 'range', start: s, end: e };
    }
    void c;
    if (ft === 'id' || ft === 'reference') {
        if (type !== 'STRING') throw typeError(field, 'id');
        const s = unquote(raw, false);
        if (s === '') return { kind: 'value', v: null };
        const id = to18(s);
        if (!id) throw new SfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `\ninvalid ID field: ${s}`);
        return { kind: 'value', v: id };
    }
    if (TEXT.has(ft)) {
        if (type !== 'STRING') throw typeError(field, 'string');
        return { kind: 'value', v: unquote(raw, false) };
    }
    if (NUM.has(ft)) {
        if (type !== 'INTEGER' && type !== 'DECIMAL') throw typeError(field, 'number');
        return { kind: 'value', v: Number(raw) };
    }
    if (ft === 'boolean') {
        if (type !== 'BOOLEAN') throw typeError(field, 'boolean');
        return { kind: 'value', v: raw.toUpperCase() === 'TRUE' };
    }
    if (ft === 'date') {
        if (type !== 'DATE' || !isValidDate(raw)) throw typeError(field, 'date');
        return { kind: 'value', v: raw };
    }
    if (ft === 'datetime') {
        const ms = type === 'DATETIME' ? parseDateTime(raw) : null;
        if (ms === null) throw typeError(field, 'dateTime');
        return { kind: 'value', v: ms };
    }
    throw malformed(`unsupported filter on field ${field.name}`);
}

/** Orders two non-null stored values of a field type (text case-insensitively, ids by their 15-char part). */
export function compareValues(a: Value, b: Value, field: FieldDef): number {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
    const sa = String(a);
    const sb = String(b);
    if (field.type === 'id' || field.type === 'reference') {
        const x = sa.slice(0, 15);
        const y = sb.slice(0, 15);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (TEXT.has(field.type)) {
        const x = sa.toLowerCase();
        const y = sb.toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function eq(a: Value, b: Value, field: FieldDef): boolean {
    if (a === null || b === null) return a === b;
    return compareValues(a, b, field) === 0;
}

function compileCondition(c: Record<string, unknown>, ctx: WhereContext): Predicate {
    const path = ctx.planner.resolvePath(ctx.plan.object, String(c['field']), ctx.plan.alias);
    const field = path.field;
    const op = String(c['operator']).toUpperCase();
    const resolve = ctx.resolve;
    if (c['valueQuery']) {
        const sub = ctx.planner.planAst(c['valueQuery'] as Query, ctx.plan.soql);
        const set = ctx.semiJoin(sub);
        const neg = op === 'NOT IN';
        return (rec) => {
            const v = resolve(rec, path);
            const hit = v !== null && set.has(String(v));
            return neg ? !hit : hit;
        };
    }
    const rawValue = c['value'] as string | string[];
    const rawType = c['literalType'] as string | string[] | undefined;
    const values = Array.isArray(rawValue) ? rawValue : [rawValue];
    const types = values.map((_, i) => (Array.isArray(rawType) ? (rawType[i] ?? rawType[0]) : rawType) ?? 'STRING');

    if (op === 'IN' || op === 'NOT IN') {
        const lits = values.map((v, i) => literal(field, v, types[i] as string, c, ctx.now));
        const set = lits.map((l) => (l.kind === 'value' ? l.v : null));
        const neg = op === 'NOT IN';
        return (rec) => {
            const v = resolve(rec, path);
            const hit = set.some((x) => eq(v, x, field));
            return neg ? !hit : hit;
        };
    }
    if (op === 'INCLUDES' || op === 'EXCLUDES') {
        const wanted = values.map((v) => unquote(v, false).split(';').map((s) => s.trim().toLowerCase()));
        const neg = op === 'EXCLUDES';
        return (rec) => {
            const v = resolve(rec, path);
            const have = new Set((v === null ? '' : String(v)).split(';').map((s) => s.trim().toLowerCase()));
            const hit = wanted.some((group) => group.every((g) => have.has(g)));
            return neg ? !hit : hit;
        };
    }
    if (op === 'LIKE') {
        if (!TEXT.has(field.type) && field.type !== 'id' && field.type !== 'reference') throw malformed(`invalid operator on field '${field.name}': LIKE`);
        const re = likeRegex(unquote(values[0] ?? "''", true));
        return (rec) => {
            const v = resolve(rec, path);
            return v !== null && re.test(String(v));
        };
    }
    const lit = literal(field, values[0] ?? '', types[0] as string, c, ctx.now);
    if (lit.kind === 'range') {
        const { start, end } = lit;
        const cmp = (v: Value, x: Value): number => compareValues(v, x, field);
        return (rec) => {
            const v = resolve(rec, path);
            if (v === null) return op === '!=';
            switch (op) {
                case '=': return cmp(v, start) >= 0 && cmp(v, end) < 0;
                case '!=': return !(cmp(v, start) >= 0 && cmp(v, end) < 0);
                case '<': return cmp(v, start) < 0;
                case '<=': return cmp(v, end) < 0;
                case '>': return cmp(v, end) >= 0;
                case '>=': return cmp(v, start) >= 0;
                default: throw malformed(`invalid operator ${op}`);
            }
        };
    }
    const x = lit.v;
    switch (op) {
        case '=': return (rec) => eq(resolve(rec, path), x, field);
        case '!=': return (rec) => !eq(resolve(rec, path), x, field);
        case '<': case '<=': case '>': case '>=': {
            if (x === null) return () => false;
            return (rec) => {
                const v = resolve(rec, path);
                if (v === null) return false;
                const d = compareValues(v, x, field);
                return op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : d >= 0;
            };
        }
        default:
            throw malformed(`invalid operator ${op}`);
    }
}

export function compileWhere(where: WhereClause | undefined, ctx: WhereContext): Predicate {
    if (!where) return () => true;
    const tokens = flatten(where);
    let pos = 0;
    const peek = (): Token | undefined => tokens[pos];
    const orExpr = (): Predicate => {
        const parts = [andExpr()];
        while (peek()?.t === 'OR') {
            pos++;
            parts.push(andExpr());
        }
        return parts.length === 1 ? (parts[0] as Predicate) : (r) => parts.some((p) => p(r));
    };
    const andExpr = (): Predicate => {
        const parts = [notExpr()];
        while (peek()?.t === 'AND') {
            pos++;
            parts.push(notExpr());
        }
        return parts.length === 1 ? (parts[0] as Predicate) : (r) => parts.every((p) => p(r));
    };
    const notExpr = (): Predicate => {
        if (peek()?.t === 'NOT') {
            pos++;
            const inner = notExpr();
            return (r) => !inner(r);
        }
        return primary();
    };
    const primary = (): Predicate => {
        const tok = tokens[pos++];
        if (!tok) throw malformed('unexpected end of WHERE clause');
        if (tok.t === '(') {
            const inner = orExpr();
            if (tokens[pos++]?.t !== ')') throw malformed('unbalanced parentheses in WHERE clause');
            return inner;
        }
        if (tok.t === 'COND') return compileCondition(tok.c, ctx);
        throw malformed(`unexpected ${tok.t} in WHERE clause`);
    };
    const pred = orExpr();
    if (pos !== tokens.length) throw malformed('unexpected token in WHERE clause');
    return pred;
}
