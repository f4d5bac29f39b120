/**
 * The Tooling API query resource (Tooling API Developer Guide: "query", "ApexClass", "ApexTrigger", "CustomField",
 * "ValidationRule"): GET /services/data/vXX.X/tooling/query?q=SELECT … FROM <object> [WHERE …] [ORDER BY …] [LIMIT n],
 * and GET /services/data/vXX.X/tooling/query/{locator} for the next page. Rows carry the REST query shape
 * (attributes.type and url under /tooling/sobjects); a page holds at most the emulator's page size (2,000 by default,
 * as REST), then `done: false` and `nextRecordsUrl` /services/data/vXX.X/tooling/query/01g…-2000. The query resource
 * is read-only: DML is not SOQL and does not parse (MALFORMED_QUERY).
 *
 * Objects: ApexClass and ApexTrigger (the components the change notifier deploys), CustomField (one row per custom
 * field of the emulated schema: DeveloperName without __c, TableEnumOrId the object's name, or a CustomObject id 01I…
 * for a custom object, as in Salesforce) and ValidationRule (a few fixed rules on Account, Opportunity and
 * Invoice__c; EntityDefinitionId is the object's name).
 *
 * Simplification: WHERE takes comparisons of these fields with =, !=, LIKE and IN joined by AND; values compare as
 * case-insensitive text; no relationship fields, aggregates or OFFSET. Locators never expire.
 */
import { parseQuery, type Condition, type Query, type WhereClause } from '@jetstreamapp/soql-parser-js';

import { SfError } from '../errors.js';
import { formatDateTime } from '../org/values.js';
import { checksum } from '../org/ids.js';
import type { ApexComponent, SalesforceState } from '../state.js';

type Row = Record<string, unknown>;
type Getter = (row: Row, s: SalesforceState) => unknown;

const apex = (get: (c: ApexComponent, s: SalesforceState) => unknown): Getter => (row, s) => get(row as unknown as ApexComponent, s);
const plain = (name: string): Getter => (row) => row[name] ?? null;

const APEX_COMMON: Record<string, Getter> = {
    Id: apex((c) => c.id),
    Name: apex((c) => c.name),
    NamespacePrefix: () => null,
    Status: apex((c) => c.status),
    ApiVersion: apex((c) => c.apiVersion),
    Body: apex((c) => c.body),
    LengthWithoutComments: apex((c) => c.body.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').length),
    IsValid: () => true,
    CreatedDate: apex((c) => formatDateTime(c.createdDate)),
    LastModifiedDate: apex((c) => formatDateTime(c.lastModifiedDate))
};

const fieldsOf = (names: string[]): Record<string, Getter> => Object.fromEntries(names.map((n) => [n, plain(n)]));

/** The Tooling objects the emulator answers: their fields and rows. */
const TOOLING: Record<string, { fields: Record<string, Getter>; rows: (s: SalesforceState) => Row[] }> = {
    ApexClass: { fields: APEX_COMMON, rows: (s) => [...s.apex.classes.values()] as unknown as Row[] },
    ApexTrigger: {
        fields: { ...APEX_COMMON, TableEnumOrId: apex((c, s) => tableEnumOrId(s, c.object ?? '')) },
        rows: (s) => [...s.apex.triggers.values()] as unknown as Row[]
    },
    CustomField: {
        fields: fieldsOf(['Id', 'DeveloperName', 'TableEnumOrId', 'NamespacePrefix', 'ManageableState', 'Description', 'InlineHelpText', 'CreatedDate', 'LastModifiedDate']),
        rows: (s) => customFieldRows(s)
    },
    ValidationRule: {
        fields: fieldsOf(['Id', 'ValidationName', 'Active', 'Description', 'EntityDefinitionId', 'ErrorDisplayField', 'ErrorMessage', 'NamespacePrefix', 'CreatedDate', 'LastModifiedDate']),
        rows: (s) => validationRuleRows(s)
    }
};

/** A stable id of a given key prefix for a name. */
function stableId(prefix: string, name: string): string {
    let h = 0;
    for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const id15 = `${prefix}Em${h.toString(36).padStart(10, '0').slice(0, 10)}`;
    return id15 + checksum(id15);
}

/** A stable CustomObject id for a custom object (01I prefix). */
function tableEnumOrId(s: SalesforceState, object: string): string {
    const def = s.org.schema.get(object);
    if (!def || !def.custom) return object;
    return stableId('01I', def.name);
}

/** The epoch the emulator's metadata was "deployed" at: a year before its clock. */
const setupTime = (s: SalesforceState): string => formatDateTime(s.org.now() - 365 * 86_400_000);

function customFieldRows(s: SalesforceState): Row[] {
    const rows: Row[] = [];
    for (const def of s.org.schema.objects) {
        for (const fd of def.fields) {
            if (!fd.custom) continue;
            rows.push({
                Id: stableId('00N', `${def.name}.${fd.name}`),
                DeveloperName: fd.name.replace(/__c$/, ''),
                TableEnumOrId: tableEnumOrId(s, def.name),
                NamespacePrefix: null,
                ManageableState: 'unmanaged',
                Description: null,
                InlineHelpText: fd.inlineHelpText ?? null,
                CreatedDate: setupTime(s),
                LastModifiedDate: setupTime(s)
            });
        }
    }
    return rows;
}

const VALIDATION_RULES: Array<[string, string, boolean, string, string | null, string]> = [
    ['Account', 'Require_Industry_For_Customers', true, 'Customers need an industry.', 'Industry', 'Pick an industry for a customer account.'],
    ['Opportunity', 'Close_Date_Not_In_Past', true, 'Open opportunities close in the future.', 'CloseDate', 'The close date of an open opportunity cannot be in the past.'],
    ['Opportunity', 'Amount_Required_At_Proposal', false, 'Inactive: amount from Proposal on.', 'Amount', 'Enter an amount before the proposal stage.'],
    ['Invoice__c', 'Positive_Amount', true, 'Invoices have a positive amount.', 'Amount__c', 'The amount must be greater than zero.']
];

function validationRuleRows(s: SalesforceState): Row[] {
    return VALIDATION_RULES.filter(([object]) => s.org.schema.get(object) !== undefined).map(([object, name, active, description, field, message]) => ({
        Id: stableId('03d', `${object}.${name}`),
        ValidationName: name,
        Active: active,
        Description: description,
        EntityDefinitionId: object,
        ErrorDisplayField: field,
        ErrorMessage: message,
        NamespacePrefix: null,
        CreatedDate: setupTime(s),
        LastModifiedDate: setupTime(s)
    }));
}

function value(row: Row, s: SalesforceState, type: string, field: string): unknown {
    const get = TOOLING[type]?.fields[field];
    if (!get) throw new SfError(400, 'INVALID_FIELD', `No such column '${field}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    return get(row, s);
}

function canonical(type: string, field: string): string {
    return Object.keys(TOOLING[type]?.fields ?? {}).find((f) => f.toLowerCase() === field.toLowerCase()) ?? field;
}

function likeRe(pattern: string): RegExp {
    const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`).replace(/%/g, '.*').replace(/_/g, '.');
    return new RegExp(`^${body}$`, 'is');
}

function matches(row: Row, s: SalesforceState, type: string, clause: WhereClause | undefined): boolean {
    if (!clause) return true;
    const where = clause as { left: Condition | null; operator?: string; right?: WhereClause };
    const cond = where.left as (Condition & { field?: string; operator?: string; value?: string | string[] }) | null;
    if (!cond?.field || cond.operator === undefined || (where.operator !== undefined && where.operator !== 'AND')) {
        throw new SfError(400, 'MALFORMED_QUERY', "The emulator's Tooling API query takes WHERE comparisons joined by AND");
    }
    const actual = value(row, s, type, canonical(type, cond.field ?? ''));
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
    return where.right ? matches(row, s, type, where.right) : true;
}

/** Open Tooling query cursors per emulator state: locator → the remaining rows' source. */
const cursors = new WeakMap<SalesforceState, Map<string, { type: string; records: Row[] }>>();
let cursorCount = 0;

function page(s: SalesforceState, version: string, locator: string, type: string, records: Row[], offset: number): Record<string, unknown> {
    const size = Math.max(1, s.pageSize);
    const slice = records.slice(offset, offset + size);
    const done = offset + slice.length >= records.length;
    return {
        size: records.length,
        totalSize: records.length,
        done,
        ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/tooling/query/${locator}-${offset + slice.length}` }),
        queryLocator: done ? null : `${locator}-${offset + slice.length}`,
        entityTypeName: type,
        records: slice
    };
}

export function toolingQuery(s: SalesforceState, version: string, q: string | null): Record<string, unknown> {
    if (q === null || q.trim() === '') throw new SfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    let query: Query;
    try {
        query = parseQuery(q) as Query;
    } catch (err) {
        throw new SfError(400, 'MALFORMED_QUERY', err instanceof Error ? err.message : String(err));
    }
    const type = Object.keys(TOOLING).find((t) => t.toLowerCase() === (query.sObject ?? '').toLowerCase());
    if (!type) throw new SfError(400, 'INVALID_TYPE', `sObject type '${query.sObject ?? ''}' is not supported. The emulator's Tooling API answers ${Object.keys(TOOLING).join(', ')} queries only.`);
    const fields = (query.fields ?? []).map((f) => {
        if (f.type !== 'Field') throw new SfError(400, 'MALFORMED_QUERY', "The emulator's Tooling API query takes plain fields only");
        return canonical(type, f.field);
    });
    const source = TOOLING[type] as (typeof TOOLING)[string];
    let rows = source.rows(s).filter((c) => matches(c, s, type, query.where));
    const order = query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [];
    for (const o of [...order].reverse()) {
        const field = canonical(type, (o as { field?: string }).field ?? 'Id');
        const dir = (o as { order?: string }).order === 'DESC' ? -1 : 1;
        rows = [...rows].sort((a, b) => String(value(a, s, type, field)).localeCompare(String(value(b, s, type, field))) * dir);
    }
    if (typeof query.limit === 'number') rows = rows.slice(0, query.limit);
    const records = rows.map((c) => {
        const id = String(value(c, s, type, 'Id'));
        const out: Row = { attributes: { type, url: `/services/data/v${version}/tooling/sobjects/${type}/${id}` } };
        for (const f of fields) out[f] = value(c, s, type, f);
        return out;
    });
    const id15 = `01gEm${String(++cursorCount).padStart(10, '0')}`;
    const locator = id15 + checksum(id15);
    if (records.length > s.pageSize) {
        let open = cursors.get(s);
        if (!open) cursors.set(s, (open = new Map()));
        open.set(locator, { type, records });
    }
    return page(s, version, locator, type, records, 0);
}

/** GET /tooling/query/{locator}-{offset}: the next page of an open Tooling query. */
export function toolingQueryMore(s: SalesforceState, version: string, locatorPath: string): Record<string, unknown> {
    const m = /^([A-Za-z0-9]{15,18})(?:-(\d{1,10}))?$/.exec(locatorPath);
    const cursor = m ? cursors.get(s)?.get(m[1] ?? '') : undefined;
    if (!m || !cursor) throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(s, version, m[1] ?? '', cursor.type, cursor.records, Number(m[2] ?? 0));
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
