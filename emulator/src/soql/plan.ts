/**
 * SOQL → query plan: parses with @jetstreamapp/soql-parser-js and resolves every field path against the
 * schema, raising Salesforce's errors (MALFORMED_QUERY, INVALID_TYPE, INVALID_FIELD, NUMBER_OUTSIDE_VALID_RANGE).
 */
import { parseQuery, type FieldType as AstField, type OrderByClause, type Query, type Subquery, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { SfError } from '../errors.js';
import type { ChildRelationship, FieldDef, ObjectDef, Schema } from '../org/schema.js';

/** A resolved dotted path: reference hops from the root object, then a field on the last object. */
export interface FieldPath {
    /** Reference fields traversed (e.g. AccountId, then OwnerId for Account.Owner.Name). */
    hops: FieldDef[];
    /** Field name at the end (canonical case), looked up on whatever object the last hop lands on. */
    field: FieldDef;
    /** Canonical segments, e.g. ['Account', 'Owner', 'Name']. */
    segments: string[];
    /** The last hop is polymorphic: the field is one of the Name object's, read from whatever record the id names. */
    viaName?: boolean;
}

export interface ChildSelection {
    kind: 'child';
    relationship: ChildRelationship;
    plan: QueryPlan;
}

export interface FieldSelection {
    kind: 'field';
    path: FieldPath;
    /** The field as written in the SELECT list (Bulk CSV headers use it). */
    raw?: string;
}

export type Selection = FieldSelection | ChildSelection;

export interface OrderTerm {
    path: FieldPath;
    desc: boolean;
    nullsFirst: boolean;
}

export interface QueryPlan {
    object: ObjectDef;
    count: boolean;
    selections: Selection[];
    where: WhereClause | undefined;
    orderBy: OrderTerm[];
    limit: number | undefined;
    offset: number | undefined;
    soql: string;
    alias: string | undefined;
}

export const malformed = (message: string): SfError => new SfError(400, 'MALFORMED_QUERY', message);

/** Where `token` first appears in `text` as a whole word (case-insensitive): 0-based line and column, or undefined. */
function locate(text: string, token: string): { line: number; column: number } | undefined {
    if (token === '' || text === '') return undefined;
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`(^|[^A-Za-z0-9_.])(${escaped})(?![A-Za-z0-9_])`, 'i').exec(text);
    if (!m) return undefined;
    const at = m.index + (m[1] ?? '').length;
    const before = text.slice(0, at);
    const line = before.split('\n').length - 1;
    return { line, column: at - (before.lastIndexOf('\n') + 1) };
}

/**
 * The layout of Salesforce's SOQL errors: the statement's line from about 30 characters before the offending token
 * (backed up to the start of a word), a caret under the token, "ERROR at Row:r:Column:c" (1-based), then the detail.
 * Recorded: "\n NamespacePrefix, Status FROM PermissionSetGroup\n                              ^\nERROR at
 * Row:1:Column:69\nsObject type 'PermissionSetGroup' is not supported. …". Without the statement text (or when the
 * token can't be found in it) the token itself stands for the statement, at Row:1:Column:1.
 */
function positioned(text: string, token: string, detail: string): string {
    const at = locate(text, token);
    if (!at) return `\n${token}\n^\nERROR at Row:1:Column:1\n${detail}`;
    const line = text.split('\n')[at.line] ?? '';
    let start = Math.max(0, at.column - 30);
    while (start > 0 && !/\s/.test(line[start] ?? '') && !/\s/.test(line[start - 1] ?? '')) start--;
    return `\n${line.slice(start)}\n${' '.repeat(at.column - start)}^\nERROR at Row:${at.line + 1}:Column:${at.column + 1}\n${detail}`;
}

/** A SOQL error that points at a token of the statement, in Salesforce's layout (see positioned()). */
export class SoqlError extends SfError {
    constructor(
        errorCode: string,
        readonly token: string,
        readonly detail: string,
        text: string
    ) {
        super(400, errorCode, positioned(text, token, detail));
    }

    /** The same error pointing into another statement (a SOSL search whose RETURNING clause named the field). */
    within(text: string): SoqlError {
        return new SoqlError(this.errorCode, this.token, this.detail, text);
    }
}

const invalidType = (name: string, text: string): SfError =>
    new SoqlError(
        'INVALID_TYPE',
        name,
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
        text
    );

/** Salesforce words a field the user can't see (field-level security) exactly as a field that doesn't exist. */
const noSuchColumn = (token: string, name: string, object: string, text: string): SfError =>
    new SoqlError(
        'INVALID_FIELD',
        token,
        `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        text
    );

const noSuchRelation = (token: string, name: string, object: string, text: string): SfError =>
    new SoqlError(
        'INVALID_FIELD',
        token,
        `Didn't understand relationship '${name}' in field path on entity '${object}'. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        text
    );

/** Field paths a function expression names (`MAX(AnnualRevenue)`, `CALENDAR_YEAR(Birthdate)`, `ROLLUP(Industry)`). */
function functionFields(fn: unknown): string[] {
    if (fn === null || typeof fn !== 'object') return [];
    const params = (fn as Record<string, unknown>)['parameters'];
    if (!Array.isArray(params)) return [];
    return params.flatMap((p): string[] => {
        if (typeof p === 'string') return /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(p) ? [p] : [];
        return functionFields(p);
    });
}

export class Planner {
    /** The statement being planned (error messages point into it). */
    private text = '';

    constructor(private readonly schema: Schema) {}

    plan(soql: string): QueryPlan {
        if (soql.length > 100_000) throw malformed('Query exceeds the maximum length of 100,000 characters');
        let ast: Query;
        try {
            ast = parseQuery(soql);
        } catch (err) {
            const detail = err instanceof Error ? err.message.split('\n')[0] : 'parse error';
            throw malformed(`\n${soql}\n^\nERROR at Row:1:Column:1\nunexpected token: ${detail}`);
        }
        return this.planAst(ast, soql);
    }

    /** Plans an already parsed query (also used for semi-join subqueries in WHERE, with the outer statement's text). */
    planAst(ast: Query, soql = ''): QueryPlan {
        const outer = this.text;
        if (soql !== '') this.text = soql;
        try {
            if (!ast.sObject) throw malformed('missing FROM');
            const object = this.schema.get(ast.sObject);
            // Objects that exist but can't be queried (a change event, the Name object): recorded as
            // "INVALID_TYPE_FOR_OPERATION: entity type X does not support query".
            if (object && !object.queryable) throw new SfError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${object.name} does not support query`);
            if (!object && ast.sObject.toLowerCase() === 'name') throw new SfError(400, 'INVALID_TYPE_FOR_OPERATION', 'entity type Name does not support query');
            if (!object) throw invalidType(ast.sObject, this.text);
            return this.build(ast, object, soql, ast.sObjectAlias);
        } finally {
            this.text = outer;
        }
    }

    /** Resolves every field a clause the emulator doesn't run names, so an unknown or hidden one fails as INVALID_FIELD first. */
    private checkUnsupported(ast: Query | Subquery, object: ObjectDef, alias: string | undefined): void {
        const paths: string[] = [];
        for (const f of ast.fields ?? []) {
            if (f.type === 'Field') paths.push(f.field);
            else if (f.type === 'FieldRelationship') paths.push([...f.relationships, f.field].join('.'));
            else if (f.type === 'FieldFunctionExpression') paths.push(...functionFields(f));
        }
        const groups = ast.groupBy === undefined ? [] : Array.isArray(ast.groupBy) ? ast.groupBy : [ast.groupBy];
        for (const g of groups as unknown as Array<Record<string, unknown>>) {
            if (typeof g['field'] === 'string') paths.push(g['field']);
            if (g['fn']) paths.push(...functionFields(g['fn']));
        }
        let having: WhereClause | undefined = ast.having;
        while (having) {
            const left = having.left as unknown as Record<string, unknown> | null;
            if (left && typeof left['field'] === 'string') paths.push(left['field']);
            if (left && 'fn' in left) paths.push(...functionFields(left['fn']));
            having = 'right' in having ? having.right : undefined;
        }
        for (const p of paths) this.resolvePath(object, p, alias);
        if (ast.where) this.checkWhere(ast.where, object, alias);
    }

    private build(ast: Query | Subquery, object: ObjectDef, soql: string, alias: string | undefined): QueryPlan {
        if (ast.groupBy || ast.having) {
            this.checkUnsupported(ast, object, alias);
            throw malformed('GROUP BY and HAVING are not supported by the emulator');
        }
        if (ast.offset !== undefined && ast.offset > 2000) {
            throw new SfError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
        }
        const selections: Selection[] = [];
        let count = false;
        for (const f of ast.fields ?? []) {
            this.addSelection(f, object, alias, selections, ast, () => (count = true));
        }
        if (count && selections.length > 0) throw malformed('COUNT() must be the only element in the SELECT list');
        if (!count && selections.length === 0) throw malformed('SELECT list is empty');
        const orderClauses: OrderByClause[] = ast.orderBy === undefined ? [] : Array.isArray(ast.orderBy) ? ast.orderBy : [ast.orderBy];
        const orderBy: OrderTerm[] = orderClauses.map((o) => {
            if (!('field' in o)) throw malformed('ORDER BY functions are not supported by the emulator');
            const path = this.resolvePath(object, o.field, alias);
            if (!path.field.sortable) throw malformed(`field '${o.field}' can not be sorted in a query call`);
            const desc = o.order === 'DESC';
            return { path, desc, nullsFirst: o.nulls ? o.nulls === 'FIRST' : !desc };
        });
        if (ast.where) this.checkWhere(ast.where, object, alias);
        return { object, count, selections, where: ast.where, orderBy, limit: ast.limit, offset: ast.offset, soql, alias };
    }

    private addSelection(f: AstField, object: ObjectDef, alias: string | undefined, out: Selection[], ast: Query | Subquery, onCount: () => void): void {
        switch (f.type) {
            case 'Field':
            case 'FieldRelationship': {
                const raw = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
                out.push({ kind: 'field', path: this.resolvePath(object, raw, alias), raw });
                return;
            }
            case 'FieldFunctionExpression': {
                const fn = f.functionName.toUpperCase();
                if (fn === 'COUNT' && f.parameters.length === 0) {
                    onCount();
                    return;
                }
                if (fn === 'FIELDS') {
                    const kind = String(f.parameters[0] ?? '').toUpperCase();
                    if ((kind === 'ALL' || kind === 'CUSTOM') && (ast.limit === undefined || ast.limit > 200)) {
                        throw malformed(`The SOQL FIELDS function must have a LIMIT of at most 200`);
                    }
                    for (const fd of object.fields) {
                        if (kind === 'CUSTOM' && !fd.custom) continue;
                        if (kind === 'STANDARD' && fd.custom) continue;
                        out.push({ kind: 'field', path: { hops: [], field: fd, segments: [fd.name] }, raw: fd.name });
                    }
                    return;
                }
                // Unknown or hidden fields inside the function fail first, as they do in Salesforce.
                for (const p of functionFields(f)) this.resolvePath(object, p, alias);
                throw malformed(`Aggregate and function expressions (${fn}) are not supported by the emulator`);
            }
            case 'FieldSubquery': {
                const sq = f.subquery;
                const rel = this.schema.childRelationship(object.name, sq.relationshipName);
                if (!rel) throw noSuchRelation(sq.relationshipName, sq.relationshipName, object.name, this.text);
                const child = this.schema.get(rel.childSObject);
                if (!child) throw noSuchRelation(sq.relationshipName, sq.relationshipName, object.name, this.text);
                out.push({ kind: 'child', relationship: rel, plan: this.build(sq, child, this.text, undefined) });
                return;
            }
            case 'FieldTypeof': {
                // TYPEOF isn't run by the emulator; its relationship and each WHEN type's fields are still checked
                // (field-level security applies to them) so an invisible field fails as INVALID_FIELD first.
                const hop = object.byRelationship.get(f.field.toLowerCase());
                if (!hop) throw noSuchRelation(f.field, f.field, object.name, this.text);
                for (const cond of f.conditions) {
                    const target = cond.type === 'WHEN' ? this.schema.get(cond.objectType ?? '') : this.schema.nameObject;
                    for (const name of cond.fieldList) {
                        if (target && !target.byName.has(name.toLowerCase())) throw noSuchColumn(name, name, target.name, this.text);
                    }
                }
                throw malformed('TYPEOF is not supported by the emulator');
            }
            default:
                throw malformed('Aliased fields are not supported by the emulator');
        }
    }

    /** Resolves `Account.Owner.Name` (optionally prefixed by the object alias) from object. */
    resolvePath(object: ObjectDef, raw: string, alias?: string): FieldPath {
        let parts = raw.split('.');
        if (parts.length > 1 && ((alias && parts[0]?.toLowerCase() === alias.toLowerCase()) || parts[0]?.toLowerCase() === object.name.toLowerCase())) {
            // `Account.Name` from Account is allowed as a qualified name only when Account isn't also a relationship.
            if (!object.byRelationship.has(parts[0]?.toLowerCase() ?? '')) parts = parts.slice(1);
        }
        const hops: FieldDef[] = [];
        const segments: string[] = [];
        let current: ObjectDef | undefined = object;
        let viaName = false;
        for (let i = 0; i < parts.length - 1; i++) {
            const seg = parts[i] as string;
            const hop: FieldDef | undefined = current?.byRelationship.get(seg.toLowerCase());
            if (!hop) throw noSuchRelation(raw, seg, current?.name ?? object.name, this.text);
            hops.push(hop);
            segments.push(hop.relationshipName as string);
            // A polymorphic relationship (Owner of a Lead or Case: User or Queue; Who, What) lands on the Name object,
            // whatever the record it points at: only the Name object's fields can be read through it.
            viaName = hop.referenceTo.length > 1;
            current = viaName ? this.schema.nameObject : this.schema.get(hop.referenceTo[0] ?? '');
        }
        const last = parts[parts.length - 1] as string;
        const field = current?.byName.get(last.toLowerCase());
        // Through a relationship Salesforce names the last segment and the entity it was looked up on:
        // "No such column 'SmallPhotoUrl' on entity 'Name'" for CreatedBy.SmallPhotoUrl on a polymorphic CreatedBy.
        if (!field) throw noSuchColumn(raw, last, current?.name ?? hops[hops.length - 1]?.referenceTo[0] ?? object.name, this.text);
        segments.push(field.name);
        return viaName ? { hops, field, segments, viaName } : { hops, field, segments };
    }

    private checkWhere(where: WhereClause, object: ObjectDef, alias: string | undefined): void {
        let node: WhereClause | undefined = where;
        while (node) {
            const left = node.left as unknown as Record<string, unknown> | null;
            if (left && 'fn' in left) {
                for (const p of functionFields(left['fn'])) this.resolvePath(object, p, alias);
                throw malformed('Functions in WHERE are not supported by the emulator');
            }
            if (left && typeof left['field'] === 'string') {
                const raw = left['field'];
                const { field } = this.resolvePath(object, raw, alias);
                // Production refuses these in WHERE (recorded: INVALID_FIELD for both; "Compound Field
                // Considerations and Limitations": a compound address is filterable through DISTANCE() only).
                if (field.type === 'address') throw new SoqlError('INVALID_FIELD', raw, 'Address fields can only be filtered using Distance expressions', this.text);
                if (!field.filterable) throw new SoqlError('INVALID_FIELD', raw, `field '${field.name}' can not be filtered in a query call`, this.text);
            }
            node = 'right' in node ? node.right : undefined;
        }
    }
}
