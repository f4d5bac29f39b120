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

const invalidType = (name: string): SfError =>
    new SfError(
        400,
        'INVALID_TYPE',
        `\n${name}\n^\nERROR at Row:1:Column:1\nsObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
    );

const noSuchColumn = (name: string, object: string): SfError =>
    new SfError(
        400,
        'INVALID_FIELD',
        `\n${name}\n^\nERROR at Row:1:Column:1\nNo such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
    );

const noSuchRelation = (name: string, object: string): SfError =>
    new SfError(
        400,
        'INVALID_FIELD',
        `\n${name}\n^\nERROR at Row:1:Column:1\nDidn't understand relationship '${name}' in field path on entity '${object}'. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
    );

export class Planner {
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

    /** Plans an already parsed query (also used for semi-join subqueries in WHERE). */
    planAst(ast: Query, soql = ''): QueryPlan {
        if (!ast.sObject) throw malformed('missing FROM');
        const object = this.schema.get(ast.sObject);
        if (!object) throw invalidType(ast.sObject);
        return this.build(ast, object, soql, ast.sObjectAlias);
    }

    private build(ast: Query | Subquery, object: ObjectDef, soql: string, alias: string | undefined): QueryPlan {
        if (ast.groupBy || ast.having) throw malformed('GROUP BY and HAVING are not supported by the emulator');
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
                throw malformed(`Aggregate and function expressions (${fn}) are not supported by the emulator`);
            }
            case 'FieldSubquery': {
                const sq = f.subquery;
                const rel = this.schema.childRelationship(object.name, sq.relationshipName);
                if (!rel) throw noSuchRelation(sq.relationshipName, object.name);
                const child = this.schema.get(rel.childSObject);
                if (!child) throw noSuchRelation(sq.relationshipName, object.name);
                out.push({ kind: 'child', relationship: rel, plan: this.build(sq, child, '', undefined) });
                return;
            }
            default:
                throw malformed('TYPEOF and aliased fields are not supported by the emulator');
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
        let current: ObjectDef[] = [object];
        for (let i = 0; i < parts.length - 1; i++) {
            const seg = parts[i] as string;
            const hop = current.map((o) => o.byRelationship.get(seg.toLowerCase())).find((h) => h !== undefined);
            if (!hop) throw noSuchRelation(seg, current[0]?.name ?? object.name);
            hops.push(hop);
            segments.push(hop.relationshipName as string);
            current = hop.referenceTo.map((t) => this.schema.get(t)).filter((o): o is ObjectDef => o !== undefined);
        }
        const last = parts[parts.length - 1] as string;
        const field = current.map((o) => o.byName.get(last.toLowerCase())).find((fd) => fd !== undefined);
        if (!field) {
            if (hops.length === 0) throw noSuchColumn(last, object.name);
            throw noSuchColumn(raw, object.name);
        }
        segments.push(field.name);
        return { hops, field, segments };
    }

    private checkWhere(where: WhereClause, object: ObjectDef, alias: string | undefined): void {
        let node: WhereClause | undefined = where;
        while (node) {
            const left = node.left as unknown as Record<string, unknown> | null;
            if (left && 'fn' in left) throw malformed('Functions in WHERE are not supported by the emulator');
            if (left && typeof left['field'] === 'string') this.resolvePath(object, left['field'], alias);
            node = 'right' in node ? node.right : undefined;
        }
    }
}
