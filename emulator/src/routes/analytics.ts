/**
 * The Reports and Dashboards REST API (Salesforce Reports and Dashboards REST API Developer Guide, v67.0: "Report
 * List", "Describe", "Execute Sync", "Execute Async", "Instances List", "Instance Results", "Decode the Fact Map",
 * "Dashboard List", "Dashboard Results", "Requirements and Limitations", "Report Error Codes", "Dashboard and
 * Component Error Codes"), under /services/data/vNN.N/analytics/:
 *
 * - GET  reports                          recently viewed reports (up to 200): [{id, name, url, describeUrl, instancesUrl}].
 *                                         The docs send anyone who needs every report, by folder or name, to SOQL on
 *                                         the Report object, which the emulator has as an sObject (org/analytics.ts).
 * - GET  reports/{id}/describe            {reportMetadata, reportTypeMetadata, reportExtendedMetadata}.
 * - GET  reports/{id}[?includeDetails=]   runs the report as saved; POST with {reportMetadata: {reportFilters,
 *                                         reportBooleanFilter}} runs it with those filters instead of the saved ones
 *                                         (nothing is saved). Answer: {attributes, allData, factMap, groupingsDown,
 *                                         groupingsAcross, hasDetailRows, reportExtendedMetadata, reportMetadata}.
 *                                         Fact map keys: T!T (grand total; a tabular report's rows), `0!T`, `0_1!T`
 *                                         (summary groups, numbered from 0 per level), `0!1`, `0!T`, `T!1` (matrix:
 *                                         row grouping keys ! column grouping keys). Rows are {dataCells: [{label,
 *                                         value}]} in detailColumns order; aggregates [{label, value}] in the order of
 *                                         reportMetadata.aggregates (RowCount, s!/a!/m!/x!COLUMN).
 * - POST reports/{id}/instances           an asynchronous run: {id, status: "New", requestDate, url, …} (id 0LG…).
 * - GET  reports/{id}/instances           the report's instances (up to 2,000).
 * - GET  reports/{id}/instances/{iid}     attributes {id, status New|Running|Success|Error, requestDate,
 *                                         completionDate, …}; the results once status is Success. DELETE removes a
 *                                         finished instance (204).
 * - GET  dashboards                       recently viewed dashboards: [{id, name, statusUrl, url}].
 * - GET  dashboards/{id}[?filter1=&runningUser=]  {componentData: [{componentId, reportResult, status}],
 *                                         dashboardMetadata: {attributes, components, filters, runningUser, …}}.
 *
 * Limits (Requirements and Limitations): a run returns at most the first 2,000 detail rows (allData false and
 * hasExceededTabularRowLimit true past that; aggregates still count every row); 500 synchronous runs per org per
 * hour, then 403 "You can’t run more than 500 reports synchronously every 60 minutes. Try again later."; 1,200
 * asynchronous runs per hour; asynchronous results are kept for a rolling 24 hours (then 404); 20 custom field
 * filters per run; 200 recently viewed reports in the list. Errors are the REST error array [{errorCode, message}]:
 * 404 NOT_FOUND for an unknown report, dashboard or instance; 400 BAD_REQUEST "Specify a valid filterable column
 * because X is invalid." / "Specify a valid condition because X is invalid." / "The filter value for ID X is
 * incorrect…" / "Filter the date in the correct format…"; 403 "The report definition is obsolete…".
 *
 * Simplifications (not documented behaviour, chosen here): the errorCode of 400s is BAD_REQUEST and of the 403s
 * FORBIDDEN (the docs list the messages, not the codes); messages about one filter start "For the filter N:" as orgs
 * answer; the concurrency limit of 20 synchronous runs at a time is not emulated (requests are served one by one);
 * an asynchronous run's data is taken when it is requested and it reports New, then Running, then Success on the
 * following polls; filter values for dates take yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ (no relative date literals); the
 * filter logic takes numbers, AND, OR, NOT and parentheses; currency values are {amount, currency: "USD"}.
 */
import { SfError, notFound } from '../errors.js';
import { empty, json, jsonBody, type Req, type Res } from '../http.js';
import { to18 } from '../org/ids.js';
import {
    DASHBOARDS,
    REPORTS,
    reportTypeOf,
    type DashboardDef,
    type ReportColumn,
    type ReportDef,
    type ReportFilterDef,
    type ReportTypeDef
} from '../org/analytics.js';
import { formatDateTime, parseDateTime, isValidDate, type Rec, type Value } from '../org/values.js';
import type { SalesforceState } from '../state.js';

/** "The API returns up to the first 2,000 report rows." */
export const MAX_DETAIL_ROWS = 2000;
export const SYNC_RUNS_PER_HOUR = 500;
export const ASYNC_RUNS_PER_HOUR = 1200;
export const INSTANCE_LIFETIME_MS = 24 * 3_600_000;
export const MAX_RUN_FILTERS = 20;
const HOUR = 3_600_000;

export const FILTER_OPERATORS = ['equals', 'notEqual', 'lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual', 'contains', 'notContain', 'startsWith', 'includes', 'excludes', 'within'] as const;

interface Instance {
    id: string;
    reportId: string;
    requestDate: number;
    completionDate: number | null;
    status: 'New' | 'Running' | 'Success' | 'Error';
    polls: number;
    hasDetailRows: boolean;
    result: Record<string, unknown> | null;
}

interface AnalyticsState {
    syncRuns: number[];
    asyncRuns: number[];
    instances: Map<string, Instance>;
    nextInstance: number;
}

const STATES = new WeakMap<SalesforceState, AnalyticsState>();

function state(s: SalesforceState): AnalyticsState {
    let st = STATES.get(s);
    if (!st) {
        st = { syncRuns: [], asyncRuns: [], instances: new Map(), nextInstance: 0 };
        STATES.set(s, st);
    }
    return st;
}

const badRequest = (message: string): SfError => new SfError(400, 'BAD_REQUEST', message);
const forbidden = (message: string): SfError => new SfError(403, 'FORBIDDEN', message);
const unavailable = (): SfError => new SfError(404, 'NOT_FOUND', 'The data you’re trying to access is unavailable.');

function methodNotAllowed(method: string, allowed: string): Res {
    return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are ${allowed}`, errorCode: 'METHOD_NOT_ALLOWED' }]);
}

/** Entry point: `parts` are the path segments after /analytics/. */
export function analytics(req: Req, s: SalesforceState, version: string, method: string, parts: string[]): Res {
    const [area, id, sub, iid, ...extra] = parts;
    const base = `/services/data/v${version}/analytics`;
    if (extra.length > 0) throw notFound();
    if (area === 'reports') {
        if (id === undefined) {
            if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
            return { ...json(200, recentReports(s, base)), endpoint: 'GET /analytics/reports' };
        }
        const report = reportRow(s, id);
        const def = definitionOf(report);
        if (sub === undefined) {
            if (method !== 'GET' && method !== 'POST') return methodNotAllowed(method, 'GET,HEAD,POST');
            const overrides = method === 'POST' ? metadataOverrides(req) : undefined;
            const now = s.org.now();
            const st = state(s);
            st.syncRuns = st.syncRuns.filter((t) => t > now - HOUR);
            if (st.syncRuns.length >= SYNC_RUNS_PER_HOUR) {
                throw forbidden(`You can’t run more than ${SYNC_RUNS_PER_HOUR} reports synchronously every 60 minutes. Try again later.`);
            }
            if (def.obsolete) throw obsoleteReport();
            st.syncRuns.push(now);
            const result = runReport(s, report, def, version, { includeDetails: includeDetails(req, true), ...overrides });
            return { ...json(200, result), endpoint: `${method} /analytics/reports/{id}` };
        }
        if (sub === 'describe' && iid === undefined) {
            if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
            return { ...json(200, describeReport(s, report, def, version)), endpoint: 'GET /analytics/reports/{id}/describe' };
        }
        if (sub === 'instances') return instances(req, s, version, method, report, def, iid);
        throw notFound();
    }
    if (area === 'dashboards') {
        if (sub !== undefined) throw notFound();
        if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
        if (id === undefined) return { ...json(200, recentDashboards(s, base)), endpoint: 'GET /analytics/dashboards' };
        return { ...json(200, dashboardResults(req, s, version, id)), endpoint: 'GET /analytics/dashboards/{id}' };
    }
    throw notFound();
}

// ---------------------------------------------------------------------------------------------- lookups

function byId(s: SalesforceState, type: 'Report' | 'Dashboard', id: string): Rec {
    const id18 = to18(id);
    if (id18 === null) throw notFound();
    const rec = s.org.get(id18);
    if (!rec || rec['IsDeleted'] === true || s.org.typeOf(id18)?.name !== type) throw notFound();
    return rec;
}

const reportRow = (s: SalesforceState, id: string): Rec => byId(s, 'Report', id);

function definitionOf(report: Rec): ReportDef {
    const def = REPORTS.find((r) => r.developerName === report['DeveloperName']);
    if (!def) throw notFound();
    return def;
}

const obsoleteReport = (): SfError =>
    forbidden('The report definition is obsolete. Your administrator has disabled all reports for the custom object, or its relationships have changed.');

function includeDetails(req: Req, fallback: boolean): boolean {
    const raw = req.url.searchParams.get('includeDetails');
    return raw === null ? fallback : raw.toLowerCase() === 'true';
}

function recentReports(s: SalesforceState, base: string): Array<Record<string, unknown>> {
    const rows = s.org
        .list('Report')
        .filter((r) => typeof r['LastViewedDate'] === 'number')
        .sort((a, b) => (b['LastViewedDate'] as number) - (a['LastViewedDate'] as number))
        .slice(0, 200);
    return rows.map((r) => ({
        id: r['Id'],
        name: r['Name'],
        url: `${base}/reports/${String(r['Id'])}`,
        describeUrl: `${base}/reports/${String(r['Id'])}/describe`,
        instancesUrl: `${base}/reports/${String(r['Id'])}/instances`
    }));
}

function recentDashboards(s: SalesforceState, base: string): Array<Record<string, unknown>> {
    return s.org
        .list('Dashboard')
        .filter((r) => typeof r['LastViewedDate'] === 'number')
        .sort((a, b) => (b['LastViewedDate'] as number) - (a['LastViewedDate'] as number))
        .map((r) => ({ id: r['Id'], name: r['Title'], statusUrl: `${base}/dashboards/${String(r['Id'])}/status`, url: `${base}/dashboards/${String(r['Id'])}` }));
}

// ---------------------------------------------------------------------------------------------- metadata

function column(type: ReportTypeDef, name: string): ReportColumn | undefined {
    return type.columns.find((c) => c.name === name);
}

function aggregateInfo(type: ReportTypeDef, agg: string): { label: string; dataType: string; acrossGroupingContext: null; downGroupingContext: null } {
    if (agg === 'RowCount') return { label: 'Record Count', dataType: 'int', acrossGroupingContext: null, downGroupingContext: null };
    const [kind, name] = agg.split('!');
    const c = column(type, name ?? '');
    const word = kind === 's' ? 'Sum' : kind === 'a' ? 'Average' : kind === 'm' ? 'Smallest' : kind === 'x' ? 'Largest' : 'Unique';
    return { label: `${word} of ${c?.label ?? name}`, dataType: kind === 'u' ? 'int' : (c?.dataType ?? 'double'), acrossGroupingContext: null, downGroupingContext: null };
}

function reportMetadata(report: Rec, def: ReportDef, overrides: RunOptions): Record<string, unknown> {
    const grouping = (name: string): Record<string, unknown> => ({ name, sortOrder: 'Asc', dateGranularity: 'None', sortAggregate: null });
    return {
        aggregates: def.aggregates,
        buckets: [],
        chart: null,
        crossFilters: [],
        currency: null,
        customDetailFormula: {},
        customSummaryFormula: {},
        description: def.description,
        detailColumns: def.detailColumns,
        developerName: def.developerName,
        division: null,
        folderId: report['OwnerId'] ?? null,
        groupingsAcross: def.groupingsAcross.map(grouping),
        groupingsDown: def.groupingsDown.map(grouping),
        hasDetailRows: overrides.includeDetails ?? true,
        hasRecordCount: true,
        historicalSnapshotDates: [],
        id: report['Id'],
        name: def.name,
        reportBooleanFilter: overrides.reportBooleanFilter !== undefined ? overrides.reportBooleanFilter : def.reportBooleanFilter,
        reportFilters: (overrides.reportFilters ?? def.reportFilters).map((f) => ({ column: f.column, filterType: 'fieldValue', isRunPageEditable: f.isRunPageEditable ?? true, operator: f.operator, value: f.value })),
        reportFormat: def.format,
        reportType: { label: reportTypeOf(def).label, type: def.reportType },
        scope: 'organization',
        showGrandTotal: true,
        showSubtotals: true,
        sortBy: [],
        standardDateFilter: { column: 'CLOSE_DATE', durationValue: 'CUSTOM', endDate: null, startDate: null },
        standardFilters: []
    };
}

function extendedMetadata(def: ReportDef): Record<string, unknown> {
    const type = reportTypeOf(def);
    const detailColumnInfo: Record<string, unknown> = {};
    for (const name of def.detailColumns) {
        const c = column(type, name);
        if (c) detailColumnInfo[name] = { label: c.label, dataType: c.dataType, entityColumnName: `${type.object}.${c.path}`, filterable: c.filterable, isLookup: c.valuePath !== undefined };
    }
    const aggregateColumnInfo: Record<string, unknown> = {};
    for (const agg of def.aggregates) aggregateColumnInfo[agg] = aggregateInfo(type, agg);
    const groupingColumnInfo: Record<string, unknown> = {};
    [...def.groupingsDown, ...def.groupingsAcross].forEach((name) => {
        const c = column(type, name);
        const level = def.groupingsDown.includes(name) ? def.groupingsDown.indexOf(name) : def.groupingsAcross.indexOf(name);
        if (c) groupingColumnInfo[name] = { label: c.label, dataType: c.dataType, groupingLevel: level };
    });
    return { aggregateColumnInfo, detailColumnInfo, groupingColumnInfo };
}

/** Operators by data type, as reportTypeMetadata.dataTypeFilterOperatorMap lists them. */
const OPERATOR_LABELS: Record<string, string> = {
    equals: 'equals',
    notEqual: 'not equal to',
    lessThan: 'less than',
    greaterThan: 'greater than',
    lessOrEqual: 'less or equal',
    greaterOrEqual: 'greater or equal',
    contains: 'contains',
    notContain: 'does not contain',
    startsWith: 'starts with',
    includes: 'includes',
    excludes: 'excludes'
};
const TEXT_OPS = ['equals', 'notEqual', 'lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual', 'contains', 'notContain', 'startsWith'];
const ORDER_OPS = ['equals', 'notEqual', 'lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual'];
const OPS_BY_TYPE: Record<string, string[]> = {
    string: TEXT_OPS,
    textarea: TEXT_OPS,
    phone: TEXT_OPS,
    url: TEXT_OPS,
    picklist: ['equals', 'notEqual', 'lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual', 'contains', 'notContain', 'startsWith'],
    multipicklist: ['equals', 'notEqual', 'includes', 'excludes'],
    id: ['equals', 'notEqual', 'startsWith'],
    boolean: ['equals', 'notEqual'],
    currency: ORDER_OPS,
    double: ORDER_OPS,
    int: ORDER_OPS,
    percent: ORDER_OPS,
    date: ORDER_OPS,
    datetime: ORDER_OPS
};

function describeReport(s: SalesforceState, report: Rec, def: ReportDef, version: string): Record<string, unknown> {
    const type = reportTypeOf(def);
    const columns: Record<string, unknown> = {};
    for (const c of type.columns) {
        columns[c.name] = {
            allowedInCustomDetailFormula: true,
            bucketable: c.dataType === 'picklist' || c.dataType === 'string',
            dataType: c.dataType,
            entityColumnName: `${type.object}.${c.path}`,
            fieldToFieldFilterable: false,
            filterValues: filterValues(s, type, c),
            filterable: c.filterable,
            inactiveFilterValues: [],
            isCustom: false,
            isLookup: c.valuePath !== undefined,
            label: c.label,
            maxLength: null,
            uniqueCountable: true
        };
    }
    const dataTypeFilterOperatorMap: Record<string, Array<{ label: string; name: string }>> = {};
    for (const [dataType, ops] of Object.entries(OPS_BY_TYPE)) dataTypeFilterOperatorMap[dataType] = ops.map((name) => ({ label: OPERATOR_LABELS[name] ?? name, name }));
    return {
        attributes: { describeUrl: `/services/data/v${version}/analytics/reports/${String(report['Id'])}/describe`, type: 'ReportDescribe' },
        reportMetadata: reportMetadata(report, def, {}),
        reportTypeMetadata: {
            categories: [{ label: type.category, columns }],
            dataTypeFilterOperatorMap,
            dateGranularityInfos: [],
            divisionInfo: null,
            scopeInfo: { defaultValue: 'organization', values: [{ allowsDivision: false, label: 'All opportunities', value: 'organization' }] },
            standardDateFilterDurationGroups: [],
            standardFilterInfos: {},
            supportsJoinedFormat: true
        },
        reportExtendedMetadata: extendedMetadata(def)
    };
}

function filterValues(s: SalesforceState, type: ReportTypeDef, c: ReportColumn): Array<{ label: string; name: string }> {
    if (c.dataType !== 'picklist' || c.path.includes('.')) return [];
    const fd = s.org.schema.get(type.object)?.byName.get(c.path.toLowerCase());
    return (fd?.picklistValues ?? []).filter((p) => p.active).map((p) => ({ label: p.label, name: p.value }));
}

// ---------------------------------------------------------------------------------------------- filters

interface RunOptions {
    includeDetails?: boolean;
    reportFilters?: ReportFilterDef[];
    reportBooleanFilter?: string | null;
}

/** The reportMetadata of a POST body: only its filters change the run here. */
function metadataOverrides(req: Req): RunOptions {
    const text = req.body.toString('utf8').trim();
    if (text === '') return {};
    const body = jsonBody(req);
    const meta = body['reportMetadata'];
    if (meta === undefined || meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
        throw badRequest('The request is invalid because there is no metadata. Specify metadata in the request body.');
    }
    const m = meta as Record<string, unknown>;
    const out: RunOptions = {};
    if (m['reportFilters'] !== undefined) {
        if (!Array.isArray(m['reportFilters'])) throw badRequest('The request is invalid because there are no filters. Specify filters or set filters as an empty array to omit them.');
        if (m['reportFilters'].length > MAX_RUN_FILTERS) throw badRequest(`You can add up to ${MAX_RUN_FILTERS} custom field filters when you run a report.`);
        out.reportFilters = m['reportFilters'].map((f, i) => {
            const o = (f ?? {}) as Record<string, unknown>;
            if (typeof o['column'] !== 'string') throw badRequest(`For the filter ${i + 1}: Specify a valid filterable column because ${String(o['column'])} is invalid.`);
            if (typeof o['operator'] !== 'string') throw badRequest(`For the filter ${i + 1}: Specify a valid condition because ${String(o['operator'])} is invalid.`);
            return { column: o['column'], operator: o['operator'], value: o['value'] === null || o['value'] === undefined ? '' : String(o['value']) };
        });
    }
    if (m['reportBooleanFilter'] !== undefined) {
        const logic = m['reportBooleanFilter'];
        out.reportBooleanFilter = typeof logic === 'string' && logic.trim() !== '' ? logic : null;
    }
    return out;
}

type Predicate = (rec: Rec) => boolean;

function resolve(s: SalesforceState, object: string, rec: Rec, path: string): Value {
    let cur: Rec | undefined = rec;
    let def = s.org.schema.get(object);
    const hops = path.split('.');
    const field = hops.pop() as string;
    for (const hop of hops) {
        const ref = def?.byRelationship.get(hop.toLowerCase());
        const id: Value = ref && cur ? (cur[ref.name] ?? null) : null;
        cur = typeof id === 'string' ? s.org.get(id) : undefined;
        if (!cur || typeof id !== 'string') return null;
        def = s.org.typeOf(id);
    }
    return cur?.[def?.byName.get(field.toLowerCase())?.name ?? field] ?? null;
}

function compileFilter(s: SalesforceState, type: ReportTypeDef, f: ReportFilterDef, n: number): Predicate {
    const c = column(type, f.column);
    if (!c || !c.filterable) throw badRequest(`For the filter ${n}: Specify a valid filterable column because ${f.column} is invalid.`);
    const ops = OPS_BY_TYPE[c.dataType] ?? [];
    if (!(FILTER_OPERATORS as readonly string[]).includes(f.operator) || !ops.includes(f.operator)) {
        throw badRequest(`For the filter ${n}: Specify a valid condition because ${f.operator} is invalid.`);
    }
    const values = f.value === '' ? [''] : f.value.split(',').map((v) => v.trim());
    const numeric = ['currency', 'double', 'int', 'percent'].includes(c.dataType);
    let wanted: Array<string | number>;
    if (numeric) {
        wanted = values.map((v) => {
            const x = Number(v.replace(/[^0-9.eE+-]/g, ''));
            if (v !== '' && !Number.isFinite(x)) throw badRequest(`For the filter ${n}: The value ${v} is not a valid number.`);
            return v === '' ? Number.NaN : x;
        });
    } else if (c.dataType === 'date' || c.dataType === 'datetime') {
        wanted = values.map((v) => {
            if (v === '') return Number.NaN;
            const t = isValidDate(v) ? Date.parse(`${v}T00:00:00Z`) : /Z$/.test(v) ? parseDateTime(v) : null;
            if (t === null || Number.isNaN(t)) throw badRequest(`For the filter ${n}: Filter the date in the correct format. Accepted formats are yyyy-MM-dd'T'HH:mm:ss'Z' and yyyy-MM-dd.`);
            return t;
        });
    } else if (c.dataType === 'id') {
        for (const v of values) {
            if (v !== '' && !/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(v) && f.operator !== 'startsWith') {
                throw badRequest(`For the filter ${n}: The filter value for ID ${v} is incorrect. Specify an ID that is 15 or 18 characters long, such as 006D000000CrRLw or 005U0000000Rg2CIAS.`);
            }
        }
        wanted = values.map((v) => v.slice(0, 15));
    } else {
        wanted = values.map((v) => v.toLowerCase());
    }
    const actualOf = (rec: Rec): string | number | null => {
        const v = resolve(s, type.object, rec, c.path);
        if (v === null || v === '') return null;
        if (numeric) return Number(v);
        if (c.dataType === 'date') return Date.parse(`${String(v)}T00:00:00Z`);
        if (c.dataType === 'datetime') return typeof v === 'number' ? v : parseDateTime(String(v));
        if (c.dataType === 'id') return String(v).slice(0, 15);
        return String(v).toLowerCase();
    };
    const eq = (a: string | number | null, b: string | number): boolean => (a === null ? b === '' || Number.isNaN(b) : a === b);
    const cmp = (a: string | number | null, b: string | number): number | null => {
        if (a === null || (typeof b === 'number' && Number.isNaN(b))) return null;
        return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
    };
    switch (f.operator) {
        case 'equals':
        case 'includes':
            return (rec) => wanted.some((w) => eq(actualOf(rec), w));
        case 'notEqual':
        case 'excludes':
            return (rec) => !wanted.some((w) => eq(actualOf(rec), w));
        case 'lessThan':
            return (rec) => wanted.some((w) => (cmp(actualOf(rec), w) ?? 0) < 0 && cmp(actualOf(rec), w) !== null);
        case 'greaterThan':
            return (rec) => wanted.some((w) => (cmp(actualOf(rec), w) ?? 0) > 0);
        case 'lessOrEqual':
            return (rec) => wanted.some((w) => { const d = cmp(actualOf(rec), w); return d !== null && d <= 0; });
        case 'greaterOrEqual':
            return (rec) => wanted.some((w) => { const d = cmp(actualOf(rec), w); return d !== null && d >= 0; });
        case 'contains':
            return (rec) => wanted.some((w) => String(actualOf(rec) ?? '').includes(String(w)));
        case 'notContain':
            return (rec) => !wanted.some((w) => String(actualOf(rec) ?? '').includes(String(w)));
        case 'startsWith':
            return (rec) => wanted.some((w) => String(actualOf(rec) ?? '').startsWith(String(w)));
        default:
            throw badRequest(`For the filter ${n}: Specify a valid condition because ${f.operator} is invalid.`);
    }
}

/** Filter logic such as "(1 OR 2) AND NOT 3" over the filters' results. */
function compileLogic(logic: string, count: number): (results: boolean[]) => boolean {
    const tokens = logic.match(/\d+|AND|OR|NOT|\(|\)|\S/gi) ?? [];
    let i = 0;
    const fail = (): never => {
        throw badRequest(`The filter logic is invalid: ${logic}. Use filter numbers, AND, OR, NOT and parentheses, such as (1 OR 2) AND 3.`);
    };
    type Node = (r: boolean[]) => boolean;
    const primary = (): Node => {
        const t = tokens[i++];
        if (t === undefined) return fail();
        if (t === '(') {
            const inner = or();
            if (tokens[i++] !== ')') fail();
            return inner;
        }
        if (t.toUpperCase() === 'NOT') {
            const inner = primary();
            return (r) => !inner(r);
        }
        if (/^\d+$/.test(t)) {
            const n = Number(t);
            if (n < 1 || n > count) fail();
            return (r) => r[n - 1] === true;
        }
        return fail();
    };
    const and = (): Node => {
        let left = primary();
        while (tokens[i]?.toUpperCase() === 'AND') {
            i++;
            const l = left;
            const right = primary();
            left = (r) => l(r) && right(r);
        }
        return left;
    };
    const or = (): Node => {
        let left = and();
        while (tokens[i]?.toUpperCase() === 'OR') {
            i++;
            const l = left;
            const right = and();
            left = (r) => l(r) || right(r);
        }
        return left;
    };
    const root = or();
    if (i !== tokens.length) fail();
    return root;
}

function matcher(s: SalesforceState, type: ReportTypeDef, filters: ReportFilterDef[], logic: string | null): Predicate {
    const predicates = filters.map((f, i) => compileFilter(s, type, f, i + 1));
    if (predicates.length === 0) return () => true;
    if (logic === null) return (rec) => predicates.every((p) => p(rec));
    const combine = compileLogic(logic, predicates.length);
    return (rec) => combine(predicates.map((p) => p(rec)));
}

// ---------------------------------------------------------------------------------------------- running

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const count = new Intl.NumberFormat('en-US');

function dateLabel(iso: string): string {
    const [y, m, d] = iso.split('-');
    return `${Number(m)}/${Number(d)}/${y}`;
}

function cell(s: SalesforceState, type: ReportTypeDef, c: ReportColumn, rec: Rec): { label: string; value: unknown } {
    const shown = resolve(s, type.object, rec, c.path);
    const raw = c.valuePath ? resolve(s, type.object, rec, c.valuePath) : shown;
    if (shown === null || shown === '') return { label: '-', value: c.dataType === 'currency' ? null : null };
    switch (c.dataType) {
        case 'currency':
            return { label: money.format(Number(shown)), value: { amount: Number(shown), currency: 'USD' } };
        case 'percent':
            return { label: `${Number(shown)}%`, value: Number(shown) };
        case 'int':
        case 'double':
            return { label: count.format(Number(shown)), value: Number(shown) };
        case 'date':
            return { label: dateLabel(String(shown)), value: String(shown) };
        case 'datetime': {
            const iso = typeof shown === 'number' ? formatDateTime(shown) : String(shown);
            return { label: dateLabel(iso.slice(0, 10)), value: iso.replace('+0000', 'Z').replace(/\.\d{3}Z$/, 'Z') };
        }
        case 'boolean':
            return { label: shown === true ? 'True' : 'False', value: shown === true };
        default:
            return { label: String(shown), value: raw === null ? null : String(raw) };
    }
}

function aggregate(s: SalesforceState, type: ReportTypeDef, agg: string, recs: Rec[]): { label: string; value: number | null } {
    if (agg === 'RowCount') return { label: count.format(recs.length), value: recs.length };
    const [kind, name] = agg.split('!');
    const c = column(type, name ?? '');
    if (!c) return { label: '-', value: null };
    const nums = recs.map((r) => resolve(s, type.object, r, c.path)).filter((v): v is number | string => v !== null && v !== '').map(Number);
    let value: number | null;
    if (kind === 'u') value = new Set(nums).size;
    else if (nums.length === 0) value = kind === 's' ? 0 : null;
    else if (kind === 's') value = nums.reduce((a, b) => a + b, 0);
    else if (kind === 'a') value = Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 100) / 100;
    else if (kind === 'm') value = Math.min(...nums);
    else value = Math.max(...nums);
    const label = value === null ? '-' : c.dataType === 'currency' ? money.format(value) : c.dataType === 'percent' ? `${value}%` : count.format(value);
    return { label, value };
}

interface Group {
    key: string;
    label: string;
    value: string | null;
    records: Rec[];
    children: Group[];
}

function groupBy(s: SalesforceState, type: ReportTypeDef, recs: Rec[], names: string[], prefix: string): Group[] {
    const [first, ...rest] = names;
    if (first === undefined) return [];
    const c = column(type, first);
    if (!c) return [];
    const buckets = new Map<string, Rec[]>();
    for (const r of recs) {
        const v = resolve(s, type.object, r, c.path);
        const k = v === null || v === '' ? '' : String(v);
        const list = buckets.get(k);
        if (list) list.push(r);
        else buckets.set(k, [r]);
    }
    const keys = [...buckets.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
    return keys.map((k, i) => {
        const key = prefix === '' ? String(i) : `${prefix}_${i}`;
        const members = buckets.get(k) ?? [];
        return { key, label: k === '' ? '-' : k, value: k === '' ? null : k, records: members, children: groupBy(s, type, members, rest, key) };
    });
}

function groupingsJson(groups: Group[]): Array<Record<string, unknown>> {
    return groups.map((g) => ({ dategroupings: [], groupings: groupingsJson(g.children), key: g.key, label: g.label, value: g.value }));
}

function allGroups(groups: Group[]): Group[] {
    return groups.flatMap((g) => [g, ...allGroups(g.children)]);
}

export function runReport(s: SalesforceState, report: Rec, def: ReportDef, version: string, opts: RunOptions): Record<string, unknown> {
    const type = reportTypeOf(def);
    const filters = opts.reportFilters ?? def.reportFilters;
    const logic = opts.reportFilters !== undefined ? (opts.reportBooleanFilter ?? null) : opts.reportBooleanFilter !== undefined ? opts.reportBooleanFilter : def.reportBooleanFilter;
    const match = matcher(s, type, filters, logic);
    const recs = s.org
        .list(type.object)
        .filter(match)
        .sort((a, b) => String(a['Id']).localeCompare(String(b['Id'])));
    const details = opts.includeDetails ?? true;
    const cols = def.detailColumns.map((n) => column(type, n)).filter((c): c is ReportColumn => c !== undefined);
    let budget = MAX_DETAIL_ROWS;
    let cut = false;
    const rowsOf = (members: Rec[]): Array<{ dataCells: Array<{ label: string; value: unknown }> }> => {
        if (!details) return [];
        const take = members.slice(0, Math.max(0, budget));
        if (take.length < members.length) cut = true;
        budget -= take.length;
        return take.map((r) => ({ dataCells: cols.map((c) => cell(s, type, c, r)) }));
    };
    const aggs = (members: Rec[]): Array<{ label: string; value: number | null }> => def.aggregates.map((a) => aggregate(s, type, a, members));
    const factMap: Record<string, unknown> = {};
    const down = groupBy(s, type, recs, def.groupingsDown, '');
    const across = def.format === 'MATRIX' ? groupBy(s, type, recs, def.groupingsAcross, '') : [];
    if (def.format === 'TABULAR') {
        factMap['T!T'] = { aggregates: aggs(recs), rows: rowsOf(recs) };
    } else if (def.format === 'SUMMARY') {
        for (const g of allGroups(down)) factMap[`${g.key}!T`] = { aggregates: aggs(g.records), rows: g.children.length === 0 ? rowsOf(g.records) : [] };
        factMap['T!T'] = { aggregates: aggs(recs), rows: [] };
    } else {
        const acrossAll = allGroups(across);
        const inAcross = (g: Group): Set<Rec> => new Set(g.records);
        for (const d of allGroups(down)) {
            factMap[`${d.key}!T`] = { aggregates: aggs(d.records), rows: [] };
            for (const a of acrossAll) {
                const set = inAcross(a);
                const members = d.records.filter((r) => set.has(r));
                const leaf = d.children.length === 0 && a.children.length === 0;
                factMap[`${d.key}!${a.key}`] = { aggregates: aggs(members), rows: leaf ? rowsOf(members) : [] };
            }
        }
        for (const a of acrossAll) factMap[`T!${a.key}`] = { aggregates: aggs(a.records), rows: [] };
        factMap['T!T'] = { aggregates: aggs(recs), rows: [] };
    }
    const id = String(report['Id']);
    return {
        attributes: {
            describeUrl: `/services/data/v${version}/analytics/reports/${id}/describe`,
            instancesUrl: `/services/data/v${version}/analytics/reports/${id}/instances`,
            reportId: id,
            reportName: def.name,
            type: 'Report'
        },
        allData: !cut,
        factMap,
        groupingsAcross: { groupings: groupingsJson(across) },
        groupingsDown: { groupings: groupingsJson(down) },
        hasDetailRows: details,
        hasExceededTabularRowLimit: cut,
        reportExtendedMetadata: extendedMetadata(def),
        reportMetadata: reportMetadata(report, def, { includeDetails: details, reportFilters: filters, reportBooleanFilter: logic })
    };
}

// ---------------------------------------------------------------------------------------------- instances

function instanceJson(inst: Instance, version: string): Record<string, unknown> {
    return {
        id: inst.id,
        requestDate: formatDateTime(inst.requestDate).replace('+0000', 'Z'),
        completionDate: inst.completionDate === null ? null : formatDateTime(inst.completionDate).replace('+0000', 'Z'),
        hasDetailRows: inst.hasDetailRows,
        ownerId: null,
        queryable: inst.status === 'Success',
        status: inst.status,
        url: inst.status === 'Error' ? null : `/services/data/v${version}/analytics/reports/${inst.reportId}/instances/${inst.id}`
    };
}

function instances(req: Req, s: SalesforceState, version: string, method: string, report: Rec, def: ReportDef, iid: string | undefined): Res {
    const st = state(s);
    const now = s.org.now();
    const reportId = String(report['Id']);
    for (const [key, inst] of st.instances) if (now - inst.requestDate > INSTANCE_LIFETIME_MS) st.instances.delete(key);
    if (iid === undefined) {
        if (method === 'GET') {
            const list = [...st.instances.values()].filter((i) => i.reportId === reportId).slice(-2000).reverse();
            return { ...json(200, list.map((i) => ({ ...instanceJson(i, version), ownerId: s.org.apiUserId }))), endpoint: 'GET /analytics/reports/{id}/instances' };
        }
        if (method !== 'POST') return methodNotAllowed(method, 'GET,HEAD,POST');
        const overrides = metadataOverrides(req);
        st.asyncRuns = st.asyncRuns.filter((t) => t > now - HOUR);
        if (st.asyncRuns.length >= ASYNC_RUNS_PER_HOUR) {
            throw forbidden(`You can’t run more than ${ASYNC_RUNS_PER_HOUR} reports asynchronously every 60 minutes. Try again later.`);
        }
        const details = includeDetails(req, false);
        // Bad filters are refused when the run is requested, as Salesforce validates the metadata first.
        let result: Record<string, unknown> | null = null;
        if (!def.obsolete) result = runReport(s, report, def, version, { includeDetails: details, ...overrides });
        st.asyncRuns.push(now);
        st.nextInstance++;
        const id15 = `0LG${'Em'}${st.nextInstance.toString(36).padStart(10, '0')}`;
        const inst: Instance = { id: to18(id15) ?? id15, reportId, requestDate: now, completionDate: null, status: 'New', polls: 0, hasDetailRows: details, result };
        st.instances.set(inst.id, inst);
        return { ...json(200, { ...instanceJson(inst, version), ownerId: s.org.apiUserId }), endpoint: 'POST /analytics/reports/{id}/instances' };
    }
    const inst = st.instances.get(to18(iid) ?? iid);
    if (!inst || inst.reportId !== reportId) throw unavailable();
    if (method === 'DELETE') {
        if (inst.status !== 'Success' && inst.status !== 'Error') throw badRequest('The report instance can only be deleted once it has finished running (status Success or Error).');
        st.instances.delete(inst.id);
        return { ...empty(204), endpoint: 'DELETE /analytics/reports/{id}/instances/{instanceId}' };
    }
    if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD,DELETE');
    inst.polls++;
    if (inst.status === 'New') inst.status = 'Running';
    else if (inst.status === 'Running') {
        inst.status = inst.result === null ? 'Error' : 'Success';
        inst.completionDate = now;
    }
    const attributes = { ...instanceJson(inst, version), ownerId: s.org.apiUserId, reportId, reportName: def.name, type: 'ReportInstance' };
    delete (attributes as Record<string, unknown>)['url'];
    delete (attributes as Record<string, unknown>)['hasDetailRows'];
    delete (attributes as Record<string, unknown>)['queryable'];
    const body: Record<string, unknown> =
        inst.status === 'Success' && inst.result
            ? { ...inst.result, attributes }
            : { attributes, allData: false, factMap: null, groupingsAcross: null, groupingsDown: null, hasDetailRows: inst.hasDetailRows, reportExtendedMetadata: null, reportMetadata: reportMetadata(report, def, { includeDetails: inst.hasDetailRows }) };
    return { ...json(200, body), endpoint: 'GET /analytics/reports/{id}/instances/{instanceId}' };
}

// ---------------------------------------------------------------------------------------------- dashboards

function stableId(prefix: string, seed: string): string {
    let h = 7;
    for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const id15 = `${prefix}Em${h.toString(36).padStart(10, '0').slice(0, 10)}`;
    return to18(id15) ?? id15;
}

function dashboardResults(req: Req, s: SalesforceState, version: string, id: string): Record<string, unknown> {
    const row = byId(s, 'Dashboard', id);
    const def: DashboardDef | undefined = DASHBOARDS.find((d) => d.developerName === row['DeveloperName']);
    if (!def) throw notFound();
    const dashboardId = String(row['Id']);
    const runningUser = req.url.searchParams.get('runningUser');
    if (runningUser !== null && (def.dashboardType === 'LoggedInUser' || runningUser !== s.org.apiUserId)) {
        throw badRequest('You don’t have permission to view data as this user.');
    }
    const options = (def.filter?.options ?? []).map((o, i) => ({ ...o, id: stableId('0IC', `${def.developerName}:${i}`), startValue: null, endValue: null }));
    let selected: number | null = null;
    const chosen = req.url.searchParams.get('filter1');
    if (chosen !== null) {
        selected = options.findIndex((o) => o.id === chosen || o.id.slice(0, 15) === chosen);
        if (selected < 0) throw badRequest('The selected filter item isn’t valid.');
    }
    for (const extra of ['filter2', 'filter3']) if (req.url.searchParams.get(extra) !== null) throw badRequest('The selected filter item isn’t valid.');
    const user = s.org.apiUser();
    const components: Array<Record<string, unknown>> = [];
    const componentData: Array<Record<string, unknown>> = [];
    def.components.forEach((c, i) => {
        const componentId = stableId('01a', `${def.developerName}:${c.title}`);
        const reportRec = s.org.list('Report').find((r) => r['DeveloperName'] === c.report);
        const reportDef = REPORTS.find((r) => r.developerName === c.report);
        components.push({
            componentData: i,
            footer: null,
            header: null,
            id: componentId,
            properties: {
                aggregates: c.aggregates.map((name) => ({ name })),
                autoSelectColumns: false,
                filterColumns: [],
                groupings: (reportDef?.groupingsDown ?? []).map((name) => ({ name, sortAggregate: null, sortOrder: 'asc' })),
                maxRows: null,
                reportFormat: reportDef?.format ?? null,
                sort: null,
                useReportChart: false,
                visualizationProperties: {},
                visualizationType: c.visualizationType
            },
            reportId: reportRec?.['Id'] ?? null,
            title: c.title,
            type: 'Report'
        });
        const refreshDate = formatDateTime(s.org.now()).replace('+0000', 'Z');
        if (!reportRec || !reportDef || reportDef.obsolete) {
            componentData.push({
                componentId,
                reportResult: null,
                status: { dataStatus: 'ERROR', errorCode: '203', errorMessage: 'This report can no longer be edited or run. Your administrator has disabled all reports for the custom or external object, or its relationships have changed.', errorSeverity: 'Error', refreshDate, refreshStatus: 'IDLE' }
            });
            return;
        }
        const option = selected !== null ? options[selected] : undefined;
        const filters = option && def.filter ? [...reportDef.reportFilters, { column: def.filter.column, operator: option.operation, value: option.value }] : undefined;
        const logic = filters && reportDef.reportBooleanFilter ? `(${reportDef.reportBooleanFilter}) AND ${filters.length}` : undefined;
        const result = runReport(s, reportRec, { ...reportDef, aggregates: c.aggregates }, version, { includeDetails: false, ...(filters ? { reportFilters: filters } : {}), ...(logic ? { reportBooleanFilter: logic } : {}) });
        componentData.push({ componentId, reportResult: { ...result, attributes: null }, status: { dataStatus: 'DATA', errorCode: null, errorMessage: null, errorSeverity: null, refreshDate, refreshStatus: 'IDLE' } });
    });
    return {
        componentData,
        dashboardMetadata: {
            attributes: { dashboardId, dashboardName: def.title, statusUrl: `/services/data/v${version}/analytics/dashboards/${dashboardId}/status`, type: 'Dashboard' },
            canChangeRunningUser: false,
            canUseStickyFilter: true,
            chartTheme: 'light',
            colorPalette: 'wildflowers',
            components,
            dashboardType: def.dashboardType,
            description: def.description,
            developerName: def.developerName,
            filters: def.filter ? [{ errorMessage: null, name: def.filter.name, options, selectedOption: selected }] : [],
            folderId: stableId('00l', def.folderName),
            id: dashboardId,
            layout: { gridLayout: true, components: def.components.map((_, i) => ({ colspan: 4, column: (i % 3) * 4, row: Math.floor(i / 3) * 8, rowspan: 8 })), numColumns: 12, rowHeight: 36 },
            maxFilterOptions: 50,
            name: def.title,
            runningUser: { displayName: String(user?.['Name'] ?? 'Integration User'), id: s.org.apiUserId }
        }
    };
}
