/**
 * The Tooling API query resource, for ApexClass and ApexTrigger (Tooling API Developer Guide: "query",
 * "ApexClass", "ApexTrigger"): GET /services/data/vXX.X/tooling/query?q=SELECT … FROM ApexClass|ApexTrigger
 * [WHERE …] [ORDER BY …] [LIMIT n]. Rows carry the REST query shape (attributes.type and url under /tooling/sobjects).
 *
 * Simplification: WHERE takes comparisons of these fields with =, !=, LIKE and IN joined by AND; one page.
 * TableEnumOrId is the object's API name for standard objects and a CustomObject id (01I…) for custom ones, as in
 * Salesforce.
 */
import { parseQuery, type Condition, type Query, type WhereClause } from '@jetstreamapp/soql-parser-js';

import { SfError } from '../errors.js';
import { formatDateTime } from '../org/values.js';
import { checksum } from '../org/ids.js';
import type { ApexComponent, SalesforceState } from '../state.js';

const FIELDS: Record<string, Record<string, (c: ApexComponent, s: SalesforceState) => unknown>> = {
    ApexClass: {},
    ApexTrigger: { TableEnumOrId: (c, s) => tableEnumOrId(s, c.object ?? '') }
};
const COMMON: Record<string, (c: ApexComponent, s: SalesforceState) => unknown> = {
    Id: (c) => c.id,
    Name: (c) => c.name,
    NamespacePrefix: () => null,
    Status: (c) => c.status,
    ApiVersion: (c) => c.apiVersion,
    Body: (c) => c.body,
    LengthWithoutComments: (c) => c.body.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').length,
    IsValid: () => true,
    CreatedDate: (c) => formatDateTime(c.createdDate),
    LastModifiedDate: (c) => formatDateTime(c.lastModifiedDate)
};

/** A stable CustomObject id for a custom object (01I prefix). */
function tableEnumOrId(s: SalesforceState, object: string): string {
    const def = s.org.schema.get(object);
    if (!def || !def.custom) return object;
    let h = 0;
    for (const ch of def.name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const id15 = `01I${'Em'}${h.toString(36).padStart(10, '0').slice(0, 10)}`;
    return id15 + checksum(id15);
}

function value(c: ApexComponent, s: SalesforceState, type: string, field: string): unknown {
    const get = FIELDS[type]?.[field] ?? COMMON[field];
    if (!get) throw new SfError(400, 'INVALID_FIELD', `No such column '${field}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    return get(c, s);
}

function canonical(type: string, field: string): string {
    return Object.keys({ ...COMMON, ...FIELDS[type] }).find((f) => f.toLowerCase() === field.toLowerCase()) ?? field;
}

function likeRe(pattern: string): RegExp {
    const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`).replace(/%/g, '.*').replace(/_/g, '.');
    return new RegExp(`^${body}$`, 'is');
}

function matches(c: ApexComponent, s: SalesforceState, type: string, clause: WhereClause | undefined): boolean {
    if (!clause) return true;
    const where = clause as { left: Condition | null; operator?: string; right?: WhereClause };
    const cond = where.left as (Condition & { field?: string; operator?: string; value?: string | string[] }) | null;
    if (!cond?.field || cond.operator === undefined || (where.operator !== undefined && where.operator !== 'AND')) {
        throw new SfError(400, 'MALFORMED_QUERY', "The emulator's Tooling API query takes WHERE comparisons joined by AND");
    }
    const actual = value(c, s, type, canonical(type, cond.field ?? ''));
    const strip = (v: string): string => v.replace(/^'(.*)'$/s, '$1').replace(/\\(.)/g, '$1');
    const raw = cond.value;
    let ok: boolean;
    switch ((cond.operator ?? '').toUpperCase()) {
        case '=':
            ok = String(actual ?? '').toLowerCase() === strip(String(raw)).toLowerCase();
            break;
        case '!=':
            ok = String(actual ?? '').toLowerCase() !== strip(String(raw)).toLowerCase();
            break;
        case 'LIKE':
            ok = likeRe(strip(String(raw))).test(String(actual ?? ''));
            break;
        case 'IN':
            ok = (Array.isArray(raw) ? raw : [raw]).some((v) => String(actual ?? '').toLowerCase() === strip(String(v)).toLowerCase());
            break;
        default:
            throw new SfError(400, 'MALFORMED_QUERY', `The emulator's Tooling API query does not take the operator ${cond.operator ?? ''}`);
    }
    if (!ok) return false;
    return where.right ? matches(c, s, type, where.right) : true;
}

export function toolingQuery(s: SalesforceState, version: string, q: string | null): Record<string, unknown> {
    if (q === null || q.trim() === '') throw new SfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    let query: Query;
    try {
        query = parseQuery(q) as Query;
    } catch (err) {
        throw new SfError(400, 'MALFORMED_QUERY', err instanceof Error ? err.message : String(err));
    }
    const type = ['ApexClass', 'ApexTrigger'].find((t) => t.toLowerCase() === (query.sObject ?? '').toLowerCase());
    if (!type) throw new SfError(400, 'INVALID_TYPE', `sObject type '${query.sObject ?? ''}' is not supported. The emulator's Tooling API answers ApexClass and ApexTrigger queries only.`);
    const fields = (query.fields ?? []).map((f) => {
        if (f.type !== 'Field') throw new SfError(400, 'MALFORMED_QUERY', "The emulator's Tooling API query takes plain fields only");
        return canonical(type, f.field);
    });
    const store = type === 'ApexClass' ? s.apex.classes : s.apex.triggers;
    let rows = [...store.values()].filter((c) => matches(c, s, type, query.where));
    const order = query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [];
    for (const o of [...order].reverse()) {
        const field = canonical(type, (o as { field?: string }).field ?? 'Name');
        const dir = (o as { order?: string }).order === 'DESC' ? -1 : 1;
        rows = [...rows].sort((a, b) => String(value(a, s, type, field)).localeCompare(String(value(b, s, type, field))) * dir);
    }
    if (typeof query.limit === 'number') rows = rows.slice(0, query.limit);
    const records = rows.map((c) => {
        const out: Record<string, unknown> = { attributes: { type, url: `/services/data/v${version}/tooling/sobjects/${type}/${c.id}` } };
        for (const f of fields) out[f] = value(c, s, type, f);
        return out;
    });
    return { size: records.length, totalSize: records.length, done: true, queryLocator: null, entityTypeName: type, records };
}

/**
 * `SELECT … FROM Organization` on the REST query resource: the org's one Organization record (IsSandbox,
 * OrganizationType, Name, Id, InstanceName, IsReadOnly, TrialExpirationDate). OrganizationType is the edition:
 * "Developer Edition" for developer orgs, "Enterprise Edition" for production and its sandboxes (IsSandbox true).
 * Undefined for other queries.
 */
export function organizationQuery(s: SalesforceState, version: string, q: string): Record<string, unknown> | undefined {
    if (!/\bfrom\s+organization\b/i.test(q)) return undefined;
    let query: Query;
    try {
        query = parseQuery(q) as Query;
    } catch {
        return undefined;
    }
    if ((query.sObject ?? '').toLowerCase() !== 'organization') return undefined;
    const type = s.apex.orgType;
    const org: Record<string, unknown> = {
        Id: s.org.orgId,
        Name: 'Emulated Org',
        IsSandbox: type === 'sandbox',
        OrganizationType: type === 'developer' ? 'Developer Edition' : 'Enterprise Edition',
        InstanceName: type === 'sandbox' ? 'CS42' : 'NA42',
        IsReadOnly: false,
        TrialExpirationDate: null
    };
    const record: Record<string, unknown> = { attributes: { type: 'Organization', url: `/services/data/v${version}/sobjects/Organization/${s.org.orgId}` } };
    for (const f of query.fields ?? []) {
        if (f.type !== 'Field') throw new SfError(400, 'MALFORMED_QUERY', "The emulator's Organization query takes plain fields only");
        const name = Object.keys(org).find((k) => k.toLowerCase() === f.field.toLowerCase());
        if (!name) throw new SfError(400, 'INVALID_FIELD', `No such column '${f.field}' on entity 'Organization'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
        record[name] = org[name];
    }
    return { totalSize: 1, done: true, records: [record] };
}
