/**
 * Reports and dashboards (the Reports and Dashboards REST API, `/analytics/…`): ids and names the actions take, the
 * paths they call, the run body they send, and the flattening of a report run into rows an agent can read.
 *
 * What Salesforce documents (Reports and Dashboards REST API Developer Guide, "Requirements and Limitations", "Decode
 * the Fact Map", "Execute Sync", "Instance Results"):
 * - a run returns at most the first 2,000 detail rows, synchronously or not (allData false past that; aggregates and
 *   grouping subtotals still count every record); 500 synchronous runs per org per hour and 20 at a time; 1,200
 *   asynchronous runs per hour; asynchronous results are kept for a rolling 24 hours; up to 20 filters per run;
 * - a run's `factMap` is keyed `T!T` (grand total; a tabular report's rows), `0!T`, `0_1!T` (summary: row grouping
 *   keys, numbered from 0 per level), `0!1`, `T!1` (matrix: row keys ! column keys); each entry has `aggregates`
 *   ([{label, value}] in the order of reportMetadata.aggregates) and, with details, `rows` ([{dataCells: [{label,
 *   value}]}] in the order of reportMetadata.detailColumns, described by reportExtendedMetadata.detailColumnInfo).
 *
 * Filter values travel in the JSON body, never in SOQL or a URL; column names and operators are still checked here
 * (operators: the enum of the docs' "Filter details"), and ids by their key prefix.
 */
import type { NangoAction } from 'nango';
import * as z from 'zod';

import { paths, request, type NangoClient } from '../http/api.js';
import { InputError, actionError, inputErrorPayload, type SalesforceErrorPayload } from '../http/errors.js';
import { fitItems, jsonSize, OUTPUT_BUDGET_BYTES } from '../http/output.js';
import { assertIdWithPrefix } from '../input/ids.js';
import { printable } from '../input/names.js';
import { checkedBy } from '../input/schemas.js';

/** "The API returns up to the first 2,000 report rows." */
export const MAX_REPORT_ROWS = 2_000;
/** "You can add up to 20 custom field filters when you run a report." */
export const MAX_RUN_FILTERS = 20;

/** Report filter operators (Reports and Dashboards REST API, reportMetadata "Filter details": operator). */
export const REPORT_FILTER_OPERATORS = [
    'equals',
    'notEqual',
    'lessThan',
    'greaterThan',
    'lessOrEqual',
    'greaterOrEqual',
    'contains',
    'notContain',
    'startsWith',
    'includes',
    'excludes',
    'within'
] as const;
export type ReportFilterOperator = (typeof REPORT_FILTER_OPERATORS)[number];

// ---------------------------------------------------------------------------------------------- ids and names

function prefixedId(prefix: string, what: string, example: string) {
    return z
        .string()
        .superRefine(
            checkedBy((value) => assertIdWithPrefix(value, what, [prefix], `a ${what} (${what}s start with ${prefix}, e.g. ${example})`))
        )
        .describe(`${what[0]?.toUpperCase()}${what.slice(1)}, 15 or 18 characters, starts with ${prefix}, e.g. "${example}".`);
}

export const reportIdSchema = prefixedId('00O', 'report id', '00OD0000001ZbP7MAK');
export const dashboardIdSchema = prefixedId('01Z', 'dashboard id', '01ZD00000007S89MAE');
export const reportInstanceIdSchema = prefixedId('0LG', 'report instance id', '0LGD000000000IjOAI');
export const userIdSchema = prefixedId('005', 'user id', '005D0000001AamRIAS');

/**
 * A report column's API name as the report type names it: `STAGE_NAME`, `USERS.NAME`, `Opportunity.Region__c`,
 * `BucketField_3`, `CDF1`, or a custom field id such as `00N5g00000Abc12`. Letters, digits, underscores and dots
 * between segments; nothing that could mean something else in a JSON body or a log line.
 */
export const REPORT_COLUMN_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_]*(?:\\.[A-Za-z0-9][A-Za-z0-9_]*){0,4}$';
const REPORT_COLUMN_RE = new RegExp(REPORT_COLUMN_PATTERN);

export function assertReportColumn(value: unknown, path = 'column'): string {
    if (typeof value !== 'string' || value.length === 0 || value.length > 255 || !REPORT_COLUMN_RE.test(value)) {
        throw new InputError(
            `${typeof value === 'string' ? `"${printable(value, 60)}"` : String(value)} is not a report column API name such as STAGE_NAME, USERS.NAME or Opportunity.Region__c (see describe-report)`,
            path
        );
    }
    return value;
}

export const reportColumnSchema = z
    .string()
    .max(255)
    .regex(REPORT_COLUMN_RE)
    .describe('Report column API name as describe-report lists it (not the field label), e.g. "STAGE_NAME", "ACCOUNT_NAME", "USERS.NAME" or "Opportunity.Region__c".');

/** Filter logic: filter numbers (1-based), AND, OR, NOT and parentheses, e.g. "(1 OR 2) AND 3". */
export function assertFilterLogic(logic: string, filterCount: number, path = 'booleanFilter'): string {
    const tokens = logic.match(/\d+|[A-Za-z]+|\(|\)|\S/g) ?? [];
    let depth = 0;
    let expectOperand = true;
    const fail = (why: string): never => {
        throw new InputError(`"${printable(logic, 80)}" is not filter logic such as "(1 OR 2) AND 3": ${why}`, path);
    };
    if (tokens.length === 0) fail('it is empty');
    for (const t of tokens) {
        const word = t.toUpperCase();
        if (/^\d+$/.test(t)) {
            if (!expectOperand) fail(`a filter number cannot follow ${t}`);
            const n = Number(t);
            if (n < 1 || n > filterCount) fail(`filter ${t} does not exist (there are ${filterCount})`);
            expectOperand = false;
        } else if (word === 'AND' || word === 'OR') {
            if (expectOperand) fail(`${word} needs a filter before it`);
            expectOperand = true;
        } else if (word === 'NOT') {
            if (!expectOperand) fail('NOT must come before a filter or a parenthesis');
        } else if (t === '(') {
            if (!expectOperand) fail('a parenthesis cannot follow a filter');
            depth++;
        } else if (t === ')') {
            if (expectOperand || depth === 0) fail('unbalanced parentheses');
            depth--;
        } else {
            fail(`"${printable(t, 20)}" is not a filter number, AND, OR, NOT or a parenthesis`);
        }
    }
    if (expectOperand || depth !== 0) fail('it ends before a filter or with an open parenthesis');
    return logic;
}

export const reportFilterSchema = z.object({
    column: reportColumnSchema,
    operator: z
        .enum(REPORT_FILTER_OPERATORS)
        .describe(
            'Comparison: equals, notEqual, lessThan, greaterThan, lessOrEqual, greaterOrEqual, contains, notContain, startsWith, includes, excludes (multi-select picklists), within (location fields only). Which ones a column takes depends on its data type (describe-report lists them).'
        ),
    value: z
        .string()
        .max(4000)
        .describe(
            'Value to compare with, as text; several values separated by commas mean "any of" (e.g. "Prospecting,Qualification"). Dates as 2026-01-31 or 2026-01-31T00:00:00Z, numbers as 100000, ids 15 or 18 characters. Sent in the JSON body, never in SOQL.'
        )
});
export type ReportFilterInput = z.infer<typeof reportFilterSchema>;

export const runFilterInputShape = {
    filters: z
        .array(reportFilterSchema)
        .max(MAX_RUN_FILTERS)
        .optional()
        .describe(
            'Filters for this run only (the saved report is not changed), e.g. [{"column": "STAGE_NAME", "operator": "equals", "value": "Closed Won"}]. By default they are added to the report\'s saved filters (all must match); see replaceSavedFilters. Up to 20.'
        ),
    replaceSavedFilters: z
        .boolean()
        .optional()
        .describe("True: run with only these filters, dropping the report's saved ones. Default false: the filters are added to the saved ones (one describe call reads them first)."),
    booleanFilter: z
        .string()
        .max(400)
        .optional()
        .describe(
            'Filter logic over the filters of the run, numbered from 1 in the order sent (with replaceSavedFilters false the saved filters come first, then yours), e.g. "(1 OR 2) AND 3". Default: all filters must match.'
        ),
    includeDetails: z
        .boolean()
        .optional()
        .describe('True (default): return the detail rows (at most 2,000, Salesforce\'s limit) as well as the summaries. False: summaries and grand totals only, which cover every record however many there are.')
};

/** How run-report and get-report-instance shape rows. */
export const flattenInputShape = {
    keyBy: z.enum(['label', 'apiName']).optional().describe('Row keys: "label" (default) the column labels, e.g. "Close Date" (a duplicated label gets its API name added); "apiName" the column API names, e.g. "CLOSE_DATE".'),
    cellFormat: z
        .enum(['typed', 'labels'])
        .optional()
        .describe('"typed" (default): numbers, currency amounts, dates (YYYY-MM-DD) and booleans as values, other cells as the text shown. "labels": every cell as the text the report shows, e.g. "$50,000.00", "3/31/2026".')
};

/** A filter a report ran with, as Salesforce echoes it. */
export const ranFilterSchema = z.object({
    column: z.string().describe('Column API name, e.g. "STAGE_NAME".'),
    operator: z.string().describe('Operator, e.g. "equals".'),
    value: z.string().describe('Value, e.g. "Closed Won".')
});

// ---------------------------------------------------------------------------------------------- run bodies

export interface SavedFilter {
    column: string;
    operator: string;
    value: string;
}

/** The reportMetadata of a run: the filters it runs with and their logic (nothing else of the report changes). */
export function runMetadata(
    input: { filters?: ReportFilterInput[] | undefined; replaceSavedFilters?: boolean | undefined; booleanFilter?: string | undefined },
    saved: { filters: SavedFilter[]; booleanFilter: string | null } | undefined
): { reportMetadata: { reportFilters: SavedFilter[]; reportBooleanFilter: string | null } } | undefined {
    const added = (input.filters ?? []).map((f, i) => ({ column: assertReportColumn(f.column, `filters.${i}.column`), operator: f.operator, value: f.value }));
    if (added.length === 0 && !input.replaceSavedFilters && input.booleanFilter === undefined) return undefined;
    const base = input.replaceSavedFilters ? [] : (saved?.filters ?? []);
    const all = [...base, ...added];
    if (all.length > MAX_RUN_FILTERS) {
        throw new InputError(`the run would have ${all.length} filters (${base.length} saved, ${added.length} added); Salesforce takes at most ${MAX_RUN_FILTERS}`, 'filters');
    }
    let logic: string | null;
    if (input.booleanFilter !== undefined) logic = assertFilterLogic(input.booleanFilter, all.length);
    else if (!input.replaceSavedFilters && saved?.booleanFilter && added.length > 0) {
        // keep the saved logic over the saved filters, and require the added ones as well
        logic = `(${saved.booleanFilter})${added.map((_, i) => ` AND ${base.length + i + 1}`).join('')}`;
    } else logic = input.replaceSavedFilters || added.length > 0 ? null : (saved?.booleanFilter ?? null);
    return { reportMetadata: { reportFilters: all, reportBooleanFilter: logic } };
}

/** The body of a run: reportMetadata with the run's filters and logic, or undefined to run the report as saved. */
export type RunMetadata = ReturnType<typeof runMetadata>;

/**
 * The body of a run (run-report, run-report-async), checked before the run, which counts toward the hourly limits.
 * The filter logic is checked before any request, against the most filters the run can have. When filters are added
 * (or replace the saved ones, or logic is given), one GET …/describe reads the saved filters, which come first in the
 * run, and the columns are checked against it; an input refused after that describe says so with `afterDescribe`
 * (e.g. "Only the report was described; it was not run.").
 */
export async function prepareRun(
    nango: NangoClient,
    input: { reportId: string; filters?: ReportFilterInput[] | undefined; replaceSavedFilters?: boolean | undefined; booleanFilter?: string | undefined },
    afterDescribe: string
): Promise<RunMetadata> {
    const needsSaved = (input.filters?.length ?? 0) > 0 || input.booleanFilter !== undefined || input.replaceSavedFilters === true;
    if (input.booleanFilter !== undefined) assertFilterLogic(input.booleanFilter, input.replaceSavedFilters ? (input.filters?.length ?? 0) : MAX_RUN_FILTERS);
    let saved: { filters: SavedFilter[]; booleanFilter: string | null } | undefined;
    if (needsSaved) {
        const described = await request<unknown>(nango, { method: 'GET', endpoint: paths.reportDescribe(input.reportId), context: `describe report ${input.reportId}` });
        const summary = describeSummary(described.data);
        try {
            checkFiltersAgainst(summary, input.filters ?? []);
        } catch (error) {
            if (error instanceof InputError) throw actionError(nango, inputErrorPayload(error, afterDescribe));
            throw error;
        }
        saved = { filters: summary.filters.map((f) => ({ column: f.column, operator: f.operator, value: f.value })), booleanFilter: summary.booleanFilter };
    }
    try {
        return runMetadata(input, saved);
    } catch (error) {
        if (error instanceof InputError && saved) throw actionError(nango, inputErrorPayload(error, afterDescribe));
        throw error;
    }
}

// ---------------------------------------------------------------------------------------------- flattening

type Json = Record<string, unknown>;

const asObject = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export interface ReportColumnInfo {
    apiName: string;
    label: string;
    dataType: string;
}

export const reportColumnInfoSchema = z.object({
    apiName: z.string().describe('Column API name, e.g. "STAGE_NAME" (use it in filters).'),
    label: z.string().describe('Column label as the report shows it, e.g. "Stage".'),
    dataType: z.string().describe('Report data type, e.g. "string", "picklist", "currency", "date", "datetime", "percent", "int", "id", "boolean".')
});

export type CellFormat = 'typed' | 'labels';

/** A cell as an agent reads it: typed values for numbers, dates and booleans, the displayed text for the rest. */
export function cellValue(cellRaw: unknown, dataType: string, format: CellFormat): unknown {
    const cell = asObject(cellRaw);
    const label = str(cell['label']);
    const value = cell['value'];
    const shown = label === null || label === '-' ? null : label;
    if (format === 'labels') return shown;
    switch (dataType) {
        case 'currency': {
            const amount = asObject(value)['amount'];
            return typeof amount === 'number' ? amount : typeof value === 'number' ? value : null;
        }
        case 'int':
        case 'double':
        case 'percent':
        case 'number':
            return typeof value === 'number' ? value : null;
        case 'boolean':
            return typeof value === 'boolean' ? value : null;
        case 'date':
        case 'datetime':
        case 'time':
            return typeof value === 'string' && value !== '' ? value : null;
        default:
            return shown;
    }
}

/** Unique row keys: the label, or the label with the API name when two columns share a label. */
function keysFor(columns: ReportColumnInfo[], keyBy: 'label' | 'apiName'): string[] {
    if (keyBy === 'apiName') return columns.map((c) => c.apiName);
    const counts = new Map<string, number>();
    for (const c of columns) counts.set(c.label, (counts.get(c.label) ?? 0) + 1);
    return columns.map((c) => ((counts.get(c.label) ?? 0) > 1 ? `${c.label} (${c.apiName})` : c.label));
}

export interface FlatReport {
    reportId: string | null;
    reportName: string | null;
    reportFormat: string | null;
    columns: ReportColumnInfo[];
    groupingColumns: ReportColumnInfo[];
    rows: Array<Record<string, unknown>>;
    groups: Array<{ key: string; groupings: Record<string, string | null>; aggregates: Record<string, number | null> }>;
    grandTotals: Record<string, number | null>;
    allData: boolean;
    detailRowCount: number;
}

interface GroupNode {
    key: string;
    label: string | null;
    path: Array<{ column: ReportColumnInfo; label: string | null }>;
}

function groupTree(groupings: unknown, columns: ReportColumnInfo[], parent: GroupNode['path'] = [], level = 0): GroupNode[] {
    const out: GroupNode[] = [];
    for (const g of asArray(groupings)) {
        const o = asObject(g);
        const column = columns[level];
        const label = str(o['label']);
        const path = column ? [...parent, { column, label: label === '-' ? null : label }] : parent;
        const key = str(o['key']) ?? '';
        out.push({ key, label, path });
        out.push(...groupTree(asObject(o)['groupings'], columns, path, level + 1));
    }
    return out;
}

/** Flattens a report run (sync, async instance or a dashboard component's reportResult) into rows and summaries. */
export function flattenReport(result: unknown, opts: { keyBy?: 'label' | 'apiName'; cellFormat?: CellFormat } = {}): FlatReport {
    const r = asObject(result);
    const meta = asObject(r['reportMetadata']);
    const ext = asObject(r['reportExtendedMetadata']);
    const attributes = asObject(r['attributes']);
    const keyBy = opts.keyBy ?? 'label';
    const format = opts.cellFormat ?? 'typed';
    const detailInfo = asObject(ext['detailColumnInfo']);
    const columns: ReportColumnInfo[] = asArray(meta['detailColumns']).map((name) => {
        const info = asObject(detailInfo[String(name)]);
        return { apiName: String(name), label: str(info['label']) ?? String(name), dataType: str(info['dataType']) ?? 'string' };
    });
    const groupingInfo = asObject(ext['groupingColumnInfo']);
    const groupingCols = (list: unknown): ReportColumnInfo[] =>
        asArray(list).map((g) => {
            const name = str(asObject(g)['name']) ?? String(g);
            const info = asObject(groupingInfo[name]);
            return { apiName: name, label: str(info['label']) ?? name, dataType: str(info['dataType']) ?? 'string' };
        });
    const downCols = groupingCols(meta['groupingsDown']);
    const acrossCols = groupingCols(meta['groupingsAcross']);
    const aggInfo = asObject(ext['aggregateColumnInfo']);
    const aggNames = asArray(meta['aggregates']).map(String);
    const aggKeys = keysFor(
        aggNames.map((n) => ({ apiName: n, label: str(asObject(aggInfo[n])['label']) ?? n, dataType: 'double' })),
        keyBy
    );
    const factMap = asObject(r['factMap']);
    const aggregatesOf = (key: string): Record<string, number | null> => {
        const out: Record<string, number | null> = {};
        asArray(asObject(factMap[key])['aggregates']).forEach((a, i) => {
            const name = aggKeys[i] ?? `aggregate ${i + 1}`;
            const v = asObject(a)['value'];
            out[name] = typeof v === 'number' ? v : null;
        });
        return out;
    };
    const colKeys = keysFor([...columns, ...downCols, ...acrossCols], keyBy);
    const detailKeys = colKeys.slice(0, columns.length);
    const groupKeyOf = (c: ReportColumnInfo): string => colKeys[columns.length + [...downCols, ...acrossCols].indexOf(c)] ?? c.label;

    const down = groupTree(asObject(r['groupingsDown'])['groupings'], downCols);
    const across = groupTree(asObject(r['groupingsAcross'])['groupings'], acrossCols);
    const rows: Array<Record<string, unknown>> = [];
    const pushRows = (key: string, groupPath: GroupNode['path']): void => {
        for (const row of asArray(asObject(factMap[key])['rows'])) {
            const cells = asArray(asObject(row)['dataCells']);
            const flat: Record<string, unknown> = {};
            for (const g of groupPath) flat[groupKeyOf(g.column)] = g.label;
            columns.forEach((c, i) => {
                flat[detailKeys[i] ?? c.apiName] = cellValue(cells[i], c.dataType, format);
            });
            rows.push(flat);
        }
    };
    const groups: FlatReport['groups'] = [];
    const groupingsOf = (path: GroupNode['path']): Record<string, string | null> => Object.fromEntries(path.map((p) => [groupKeyOf(p.column), p.label]));
    const reportFormat = str(meta['reportFormat']);
    if (down.length === 0 && across.length === 0) {
        pushRows('T!T', []);
    } else if (across.length === 0) {
        const leafDepth = downCols.length;
        for (const d of down) {
            groups.push({ key: `${d.key}!T`, groupings: groupingsOf(d.path), aggregates: aggregatesOf(`${d.key}!T`) });
            if (d.path.length === leafDepth) pushRows(`${d.key}!T`, d.path);
        }
    } else {
        const downLeaf = downCols.length;
        const acrossLeaf = acrossCols.length;
        for (const d of down) {
            groups.push({ key: `${d.key}!T`, groupings: groupingsOf(d.path), aggregates: aggregatesOf(`${d.key}!T`) });
            for (const a of across) {
                const key = `${d.key}!${a.key}`;
                if (!(key in factMap)) continue;
                groups.push({ key, groupings: groupingsOf([...d.path, ...a.path]), aggregates: aggregatesOf(key) });
                if (d.path.length === downLeaf && a.path.length === acrossLeaf) pushRows(key, [...d.path, ...a.path]);
            }
        }
        for (const a of across) groups.push({ key: `T!${a.key}`, groupings: groupingsOf(a.path), aggregates: aggregatesOf(`T!${a.key}`) });
    }
    return {
        reportId: str(attributes['reportId']) ?? str(meta['id']),
        reportName: str(attributes['reportName']) ?? str(meta['name']),
        reportFormat,
        columns,
        groupingColumns: [...downCols, ...acrossCols],
        rows,
        groups,
        grandTotals: aggregatesOf('T!T'),
        allData: r['allData'] !== false && r['hasExceededTabularRowLimit'] !== true,
        detailRowCount: rows.length
    };
}

/** What an agent should do when Salesforce cut the rows at its 2,000-row limit. */
export const ROW_LIMIT_ADVICE =
    'Salesforce returned only the first 2,000 detail rows of this report (its limit for every run, synchronous or asynchronous); groups and grandTotals still count every record. To read the rest, run it again with narrower filters (e.g. split CLOSE_DATE or CREATED_DATE into ranges), or read the records with query-records / a Bulk query on the underlying object.';

export const flatReportShape = {
    reportId: z.string().nullable().describe('Report id, starts with 00O, e.g. "00OD0000001ZbP7MAK".'),
    reportName: z.string().nullable().describe('Report name, e.g. "Opportunities by Stage".'),
    reportFormat: z.string().nullable().describe('TABULAR, SUMMARY, MATRIX or MULTI_BLOCK (joined; rows are not flattened for joined reports).'),
    columns: z.array(reportColumnInfoSchema).describe('The detail columns, in report order; each row has one key per column (its label, or its API name with keyBy "apiName").'),
    groupingColumns: z.array(reportColumnInfoSchema).describe('Row groupings then column groupings (summary and matrix reports); rows and groups carry their values under these keys.'),
    rows: z
        .array(z.record(z.string(), z.unknown()))
        .describe(
            'Detail rows flattened to {column: value}, e.g. {"Stage": "Prospecting", "Opportunity Name": "Acme - 1", "Amount": 50000, "Close Date": "2026-03-31"}. Numbers, dates and booleans are typed values (currency: the amount); text, picklists and lookups the text Salesforce shows; empty cells null.'
        ),
    detailRowCount: z.number().describe('Detail rows Salesforce returned (before any cut of truncated).'),
    groups: z
        .array(
            z.object({
                key: z.string().describe('Fact map key of the group, e.g. "0!T" (first row group), "0_1!T" (its second subgroup), "0!1" (matrix cell), "T!1" (column total).'),
                groupings: z.record(z.string(), z.string().nullable()).describe('The grouping values of this group, e.g. {"Stage": "Prospecting"}.'),
                aggregates: z.record(z.string(), z.number().nullable()).describe('Its summaries by label, e.g. {"Sum of Amount": 250000, "Record Count": 4}.')
            })
        )
        .describe('Subtotals of every group (summary and matrix reports), over all records even when rows were cut.'),
    grandTotals: z.record(z.string(), z.number().nullable()).describe('Report-wide summaries by label, e.g. {"Sum of Amount": 1250000, "Record Count": 42}.'),
    allData: z.boolean().describe("False when Salesforce cut the detail rows at its 2,000-row limit (see advice)."),
    truncated: z.boolean().describe("True when rows (or groups) were cut here to keep the output under Nango's 2 MB limit; run with fewer columns' worth of data, includeDetails false, or narrower filters."),
    advice: z.string().nullable().describe('What to do when the rows are incomplete (the 2,000-row limit or the 2 MB cut); null when complete.')
};

/** Keeps a flattened report under the output budget: rows first, then groups, are cut with `truncated` set. */
export function fitReport<T extends Json>(flat: FlatReport, envelope: T): FlatReport & T & { truncated: boolean; advice: string | null } {
    const base = { ...envelope, ...flat, rows: [] as FlatReport['rows'], groups: [] as FlatReport['groups'], truncated: false, advice: null as string | null };
    const reserve = 600;
    const groups = fitItems(flat.groups, { ...base }, OUTPUT_BUDGET_BYTES - reserve);
    const rows = fitItems(flat.rows, { ...base, groups: groups.items }, OUTPUT_BUDGET_BYTES - reserve);
    const truncated = !groups.complete || !rows.complete;
    let advice: string | null = null;
    if (!flat.allData) advice = ROW_LIMIT_ADVICE;
    if (truncated) {
        const cut = `Only ${rows.items.length} of ${flat.rows.length} rows${groups.complete ? '' : ` and ${groups.items.length} of ${flat.groups.length} groups`} fit in Nango's 2 MB output; run with narrower filters, or includeDetails false for the summaries alone.`;
        advice = advice ? `${advice} ${cut}` : cut;
    }
    const out = { ...base, rows: rows.items, groups: groups.items, truncated, advice };
    if (jsonSize(out) > OUTPUT_BUDGET_BYTES) return { ...out, rows: [], groups: [], truncated: true };
    return out;
}

// ---------------------------------------------------------------------------------------------- errors

/**
 * Salesforce answers the analytics limits with 403 and a message ("You can’t run more than 500 reports synchronously
 * every 60 minutes", "…can accept only as many as 20 requests at a time…"); the shared mapper calls a 403 forbidden.
 * This turns those into request_limit_exceeded with advice, leaving every other error as it is.
 */
export function withAnalyticsLimits(nango: Pick<NangoAction, 'ActionError'>, error: unknown): unknown {
    const payload = (error as { payload?: SalesforceErrorPayload } | null)?.payload;
    if (!(error instanceof nango.ActionError) || !payload || payload.status !== 403) return error;
    const text = payload.errors.map((e) => e.message).join(' ');
    if (/every 60 minutes/i.test(text)) {
        return actionError(nango, {
            ...payload,
            type: 'request_limit_exceeded',
            message: `${payload.message} The org's hourly report-run allowance (500 synchronous, 1,200 asynchronous runs per hour) is used up: wait for the rolling hour to free runs; retrying sooner fails again.`
        });
    }
    if (/at a time/i.test(text)) {
        return actionError(nango, {
            ...payload,
            type: 'request_limit_exceeded',
            message: `${payload.message} Too many report runs are in progress at once (Salesforce takes 20 synchronous at a time): retry after a few seconds, or use run-report-async.`
        });
    }
    return error;
}

// ---------------------------------------------------------------------------------------------- describe

export interface DescribeSummary {
    reportId: string;
    name: string;
    developerName: string | null;
    description: string | null;
    reportFormat: string;
    reportType: { type: string; label: string };
    folderId: string | null;
    detailColumns: ReportColumnInfo[];
    groupingsDown: Array<ReportColumnInfo & { sortOrder: string | null; dateGranularity: string | null }>;
    groupingsAcross: Array<ReportColumnInfo & { sortOrder: string | null; dateGranularity: string | null }>;
    aggregates: ReportColumnInfo[];
    filters: Array<{ column: string; label: string | null; operator: string; value: string; isRunPageEditable: boolean }>;
    booleanFilter: string | null;
    standardDateFilter: { column: string; durationValue: string; startDate: string | null; endDate: string | null } | null;
    reportTypeColumns: Array<ReportColumnInfo & { category: string; filterable: boolean; filterValues: string[] }>;
    filterOperatorsByType: Record<string, string[]>;
}

/** The parts of a describe an agent needs, from GET /analytics/reports/{id}/describe. */
export function describeSummary(body: unknown): DescribeSummary {
    const d = asObject(body);
    const meta = asObject(d['reportMetadata']);
    const ext = asObject(d['reportExtendedMetadata']);
    const typeMeta = asObject(d['reportTypeMetadata']);
    const typeColumns: DescribeSummary['reportTypeColumns'] = [];
    const byName = new Map<string, { label: string; dataType: string }>();
    for (const category of asArray(typeMeta['categories'])) {
        const c = asObject(category);
        for (const [apiName, raw] of Object.entries(asObject(c['columns']))) {
            const col = asObject(raw);
            const label = str(col['label']) ?? apiName;
            const dataType = str(col['dataType']) ?? 'string';
            byName.set(apiName, { label, dataType });
            typeColumns.push({
                apiName,
                label,
                dataType,
                category: str(c['label']) ?? '',
                filterable: col['filterable'] !== false,
                filterValues: asArray(col['filterValues']).map((v) => str(asObject(v)['name']) ?? str(asObject(v)['label']) ?? '').filter((v) => v !== '')
            });
        }
    }
    const info = (apiName: string, map: unknown): ReportColumnInfo => {
        const own = asObject(asObject(map)[apiName]);
        const known = byName.get(apiName);
        return { apiName, label: str(own['label']) ?? known?.label ?? apiName, dataType: str(own['dataType']) ?? known?.dataType ?? 'string' };
    };
    const groupings = (list: unknown) =>
        asArray(list).map((g) => {
            const o = asObject(g);
            const name = str(o['name']) ?? '';
            return { ...info(name, ext['groupingColumnInfo']), sortOrder: str(o['sortOrder']), dateGranularity: str(o['dateGranularity']) };
        });
    const operators: Record<string, string[]> = {};
    for (const [dataType, ops] of Object.entries(asObject(typeMeta['dataTypeFilterOperatorMap']))) {
        operators[dataType] = asArray(ops).map((o) => str(asObject(o)['name']) ?? '').filter((o) => o !== '');
    }
    const date = asObject(meta['standardDateFilter']);
    const reportType = asObject(meta['reportType']);
    return {
        reportId: str(meta['id']) ?? '',
        name: str(meta['name']) ?? '',
        developerName: str(meta['developerName']),
        description: str(meta['description']),
        reportFormat: str(meta['reportFormat']) ?? '',
        reportType: { type: str(reportType['type']) ?? '', label: str(reportType['label']) ?? '' },
        folderId: str(meta['folderId']),
        detailColumns: asArray(meta['detailColumns']).map((c) => info(String(c), ext['detailColumnInfo'])),
        groupingsDown: groupings(meta['groupingsDown']),
        groupingsAcross: groupings(meta['groupingsAcross']),
        aggregates: asArray(meta['aggregates']).map((a) => info(String(a), ext['aggregateColumnInfo'])),
        filters: asArray(meta['reportFilters']).map((f) => {
            const o = asObject(f);
            const column = str(o['column']) ?? '';
            return { column, label: byName.get(column)?.label ?? null, operator: str(o['operator']) ?? '', value: o['value'] === null || o['value'] === undefined ? '' : String(o['value']), isRunPageEditable: o['isRunPageEditable'] === true };
        }),
        booleanFilter: str(meta['reportBooleanFilter']),
        standardDateFilter: str(date['column'])
            ? { column: str(date['column']) ?? '', durationValue: str(date['durationValue']) ?? '', startDate: str(date['startDate']), endDate: str(date['endDate']) }
            : null,
        reportTypeColumns: typeColumns,
        filterOperatorsByType: operators
    };
}

/**
 * Checks filter columns against a report's describe before a run (a run counts toward the 500 per hour): an unknown
 * or unfilterable column, or an operator its data type does not take, is refused with the nearest column names.
 */
export function checkFiltersAgainst(summary: DescribeSummary, filters: readonly ReportFilterInput[]): void {
    if (summary.reportTypeColumns.length === 0) return;
    const issues: Array<{ path: string; message: string }> = [];
    filters.forEach((f, i) => {
        const column = summary.reportTypeColumns.find((c) => c.apiName === f.column);
        if (!column || !column.filterable) {
            const needle = f.column.toLowerCase();
            const near = summary.reportTypeColumns
                .filter((c) => c.filterable)
                .map((c) => ({ c, score: c.apiName.toLowerCase().includes(needle) || needle.includes(c.apiName.toLowerCase()) || c.label.toLowerCase().includes(needle.replace(/_/g, ' ')) ? 0 : 1 }))
                .sort((a, b) => a.score - b.score)
                .slice(0, 5)
                .map(({ c }) => `${c.apiName} (${c.label})`);
            issues.push({ path: `filters.${i}.column`, message: `${column ? 'cannot be filtered' : 'is not a column of this report type'}: "${printable(f.column, 60)}"; filterable columns include ${near.join(', ')} (describe-report with includeReportTypeColumns lists all)` });
            return;
        }
        const ops = summary.filterOperatorsByType[column.dataType];
        if (ops && ops.length > 0 && !ops.includes(f.operator)) {
            issues.push({ path: `filters.${i}.operator`, message: `"${f.operator}" does not apply to ${column.apiName} (a ${column.dataType} column); use one of ${ops.join(', ')}` });
        }
    });
    if (issues.length > 0) throw new InputError(issues);
}

// ---------------------------------------------------------------------------------------------- dashboards

export const dashboardSummaryShape = {
    dashboardId: z.string().describe('Dashboard id, starts with 01Z, e.g. "01ZD00000007S89MAE".'),
    name: z.string().describe('Dashboard name, e.g. "Sales Overview".'),
    developerName: z.string().nullable().describe('API name, e.g. "Sales_Overview".'),
    description: z.string().nullable().describe('Dashboard description, or null.'),
    dashboardType: z.string().nullable().describe('SpecifiedUser (data as the running user), LoggedInUser (dynamic: data as the viewer) or MyTeamUser.'),
    folderId: z.string().nullable().describe('Folder id, starts with 00l.'),
    runningUser: z
        .object({ id: z.string().nullable().describe('User id, starts with 005.'), displayName: z.string().nullable().describe('Name, e.g. "Ada Admin".') })
        .describe('Whose data the dashboard shows.'),
    filters: z
        .array(
            z.object({
                name: z.string().describe('Filter name, e.g. "Stage".'),
                selectedOptionId: z.string().nullable().describe('Id of the selected option, or null when none is.'),
                options: z
                    .array(
                        z.object({
                            id: z.string().describe('Option id; pass it in filterOptionIds to select it.'),
                            alias: z.string().nullable().describe('Display name of the option, e.g. "Open".'),
                            operation: z.string().describe('Operator, e.g. "equals", "notEqual", "between".'),
                            value: z.string().nullable().describe('Value, e.g. "Closed Won"; null for between.'),
                            startValue: z.string().nullable().describe('Start of a between range.'),
                            endValue: z.string().nullable().describe('End of a between range.')
                        })
                    )
                    .describe('Options of the filter.')
            })
        )
        .describe('Dashboard filters (0–3).'),
    components: z
        .array(
            z.object({
                componentId: z.string().describe('Component id, starts with 01a.'),
                title: z.string().nullable().describe('Title, or the header when there is no title, e.g. "Pipeline by Stage".'),
                type: z.string().nullable().describe('Report or VisualforcePage.'),
                visualizationType: z.string().nullable().describe('Bar, Column, Donut, Funnel, Gauge, Line, Metric, Pie, Scatter, Table or FlexTable.'),
                reportId: z.string().nullable().describe('Source report id, starts with 00O; run-report gives its detail rows.'),
                status: z
                    .object({
                        dataStatus: z.string().nullable().describe('DATA (available), NODATA (never generated) or ERROR.'),
                        refreshDate: z.string().nullable().describe('Last refresh, ISO 8601.'),
                        errorCode: z.string().nullable().describe('Component error code, e.g. "203", when dataStatus is ERROR.'),
                        errorMessage: z.string().nullable().describe('What went wrong, e.g. "This report can no longer be edited or run…".'),
                        errorSeverity: z.string().nullable().describe('Error (no data) or Warning (data may be incomplete).')
                    })
                    .describe('Data status of the component.'),
                groupingColumns: z.array(reportColumnInfoSchema).describe('Grouping columns of the data below.'),
                groups: z
                    .array(
                        z.object({
                            key: z.string().describe('Fact map key, e.g. "0!T".'),
                            groupings: z.record(z.string(), z.string().nullable()).describe('Grouping values, e.g. {"Stage": "Prospecting"}.'),
                            aggregates: z.record(z.string(), z.number().nullable()).describe('Summaries, e.g. {"Sum of Amount": 250000}.')
                        })
                    )
                    .describe('The values the component charts, one per group.'),
                grandTotals: z.record(z.string(), z.number().nullable()).describe('Totals over all groups, e.g. {"Sum of Amount": 1250000} (a metric component shows this).')
            })
        )
        .describe('Components in dashboard order.'),
    truncated: z.boolean().describe("True when component groups were cut to stay under Nango's 2 MB output limit.")
};

export type DashboardSummary = Omit<z.infer<z.ZodObject<typeof dashboardSummaryShape>>, 'truncated'>;

/** The subset of GET /analytics/dashboards/{id} an agent reads: metadata, filters, and each component's summaries. */
export function dashboardSummary(body: unknown): DashboardSummary {
    const d = asObject(body);
    const meta = asObject(d['dashboardMetadata']);
    const data = asArray(d['componentData']).map(asObject);
    const runningUser = asObject(meta['runningUser']);
    const filters = asArray(meta['filters']).map((f) => {
        const o = asObject(f);
        const options = asArray(o['options']).map((opt) => {
            const p = asObject(opt);
            return { id: str(p['id']) ?? '', alias: str(p['alias']), operation: str(p['operation']) ?? '', value: str(p['value']), startValue: str(p['startValue']), endValue: str(p['endValue']) };
        });
        const selected = typeof o['selectedOption'] === 'number' ? options[o['selectedOption']] : undefined;
        return { name: str(o['name']) ?? '', selectedOptionId: selected?.id ?? null, options };
    });
    const components = asArray(meta['components']).map((c, i) => {
        const o = asObject(c);
        const index = typeof o['componentData'] === 'number' ? o['componentData'] : i;
        const entry = data.find((x) => x['componentId'] === o['id']) ?? data[index] ?? {};
        const status = asObject(entry['status']);
        const result = entry['reportResult'];
        const flat = result ? flattenReport(result) : undefined;
        const props = asObject(o['properties']);
        return {
            componentId: str(o['id']) ?? '',
            title: str(o['title']) ?? str(o['header']),
            type: str(o['type']),
            visualizationType: str(props['visualizationType']),
            reportId: str(o['reportId']),
            status: {
                dataStatus: str(status['dataStatus']),
                refreshDate: str(status['refreshDate']),
                errorCode: status['errorCode'] === null || status['errorCode'] === undefined ? null : String(status['errorCode']),
                errorMessage: str(status['errorMessage']),
                errorSeverity: str(status['errorSeverity'])
            },
            groupingColumns: flat?.groupingColumns ?? [],
            groups: flat?.groups ?? [],
            grandTotals: flat?.grandTotals ?? {}
        };
    });
    return {
        dashboardId: str(meta['id']) ?? str(asObject(meta['attributes'])['dashboardId']) ?? '',
        name: str(meta['name']) ?? '',
        developerName: str(meta['developerName']),
        description: str(meta['description']),
        dashboardType: str(meta['dashboardType']),
        folderId: str(meta['folderId']),
        runningUser: { id: str(runningUser['id']), displayName: str(runningUser['displayName']) },
        filters,
        components
    };
}

/** Keeps a dashboard under the budget by cutting the largest components' groups (their totals stay). */
export function fitDashboard(summary: DashboardSummary): DashboardSummary & { truncated: boolean } {
    let out = { ...summary, truncated: false };
    if (jsonSize(out) <= OUTPUT_BUDGET_BYTES) return out;
    const components = summary.components.map((c) => ({ ...c }));
    const order = components.map((c, i) => ({ i, size: jsonSize(c.groups) })).sort((a, b) => b.size - a.size);
    for (const { i } of order) {
        const c = components[i];
        if (!c) continue;
        const rest = jsonSize({ ...summary, components: components.map((x, j) => (j === i ? { ...x, groups: [] } : x)) });
        c.groups = fitItems(c.groups, {}, Math.max(0, OUTPUT_BUDGET_BYTES - rest)).items;
        out = { ...summary, components, truncated: true };
        if (jsonSize(out) <= OUTPUT_BUDGET_BYTES) break;
    }
    return out;
}
