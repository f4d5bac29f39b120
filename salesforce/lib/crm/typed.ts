/**
 * crm/: the typed CRM views (accounts, contacts, leads, opportunities, tasks) and the SOAP envelope for convertLead.
 *
 * What the typed CRM actions (accounts, contacts, leads, opportunities, tasks) share: reading one record with its
 * relationship fields, listing with filters and a keyset cursor, searching, and turning camelCase inputs into
 * Salesforce field values. Writes go through writes/records.ts like every other write.
 */
import * as z from 'zod';

import { camelSchema, toCamel } from '../../models/camel.js';
import { InputError, actionError, salesforceErrorPayload } from '../http/errors.js';
import { assertRecordId, toId18 } from '../input/ids.js';
import { queryFirstPage, type SalesforceRecord } from '../http/pager.js';
import { assertRecordBody } from '../writes/records.js';
import { and, buildSoql, compare, dateLiteral, dateTimeLiteral, idIn, literal, normalizeDateTime, or, type Condition, type Literal } from '../soql/builder.js';
import { buildSosl } from '../soql/sosl.js';
import { withReadableFields } from '../metadata/fields.js';
import { paths, request, type NangoClient } from '../http/api.js';
import { OUTPUT_BUDGET_BYTES, fitItems } from '../http/output.js';

/** A typed object: its Salesforce name, the fields its model reads, and the model's schema and mapper. */
export interface CrmObject {
    sObject: string;
    fields: readonly string[];
    schema: z.ZodObject;
    map: (record: SalesforceRecord) => Record<string, unknown>;
    /** Sort keys the list action offers, by input name; all are fields that are never null. */
    sortFields: Readonly<Record<string, { field: string; type: 'dateTime' | 'date' | 'text' }>>;
}

/** The camelCase output schema of an object's model. */
export function outputSchemaOf(object: CrmObject): z.ZodObject {
    return camelSchema(object.schema);
}

/** A record mapped to the object's model, in camelCase. */
export function toOutput(object: CrmObject, record: SalesforceRecord): Record<string, unknown> {
    return toCamel(object.map(record), object.schema);
}

/**
 * Reads one record with its relationship fields (a SOQL query; the record resource cannot follow relationships),
 * through queryAll so that a deleted record is reported as entity_deleted rather than not found.
 */
export async function getTyped(nango: NangoClient, object: CrmObject, recordId: string): Promise<Record<string, unknown>> {
    const id = toId18(assertRecordId(recordId, 'recordId', object.sObject));
    const page = await withReadableFields(nango, object.sObject, object.fields, (fields) =>
        queryFirstPage(nango, buildSoql({ select: [...fields, 'IsDeleted'], from: object.sObject, where: compare('Id', '=', id) }), { all: true, context: `get ${object.sObject} ${id}` })
    );
    const record = page.records[0];
    if (!record) {
        throw actionError(nango, salesforceErrorPayload(404, [{ errorCode: 'NOT_FOUND', message: `No ${object.sObject} has the id ${id} (or the connected user cannot see it).` }], `get ${object.sObject} ${id}`));
    }
    if (record['IsDeleted'] === true) {
        throw actionError(nango, salesforceErrorPayload(404, [{ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }], `get ${object.sObject} ${id}`));
    }
    return toOutput(object, record);
}

/** Turns camelCase inputs into a Salesforce body by a name map, plus `customFields` given by API name. */
export function toSalesforceBody(
    input: Record<string, unknown>,
    fieldMap: Readonly<Record<string, string>>,
    customFields?: Record<string, unknown>,
    forbidden: Record<string, string> = {}
): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(fieldMap)) {
        if (input[name] !== undefined) body[field] = input[name];
    }
    if (customFields) {
        const extra = assertRecordBody(customFields, { forbidden }, 'customFields');
        for (const [field, value] of Object.entries(extra)) {
            if (Object.keys(body).some((k) => k.toLowerCase() === field.toLowerCase())) {
                throw new InputError(`sets ${field}, which a typed input already sets`, 'customFields');
            }
            body[field] = value;
        }
    }
    return body;
}

export const customFieldsInputSchema = z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Other fields to set, by Salesforce API name, e.g. {"Region__c": "EMEA"}. Use the typed inputs for the fields they cover.');

// ---------------------------------------------------------------------------------------------------------------
// Listing with a keyset cursor

export const sortDirectionSchema = z.enum(['asc', 'desc']).optional().describe('Sort direction. Default desc for dates, asc for names.');
export const limitSchema = z.number().int().min(1).max(200).optional().describe('Most records to return, 1–200. Default 50.');
export const cursorSchema = z
    .string()
    .max(1_000)
    .optional()
    .describe('nextCursor from the previous result, to get the following records with the same filters and sort.');
export const modifiedSinceSchema = z.string().optional().describe('Only records changed at or after this ISO 8601 date-time, e.g. "2024-01-31T00:00:00Z".');

interface CursorState {
    sort: string;
    direction: 'ASC' | 'DESC';
    value: string;
    id: string;
}

function encodeCursor(state: CursorState): string {
    return JSON.stringify([state.sort, state.direction, state.value, state.id]);
}

/** Reads a cursor this module made; anything else is refused. */
function decodeCursor(text: string, object: CrmObject): CursorState {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        parsed = undefined;
    }
    if (!Array.isArray(parsed) || parsed.length !== 4 || !parsed.every((p) => typeof p === 'string')) {
        throw new InputError('is not a nextCursor returned by this action', 'cursor');
    }
    const [sort, direction, value, id] = parsed as [string, string, string, string];
    const spec = object.sortFields[sort];
    if (!spec || (direction !== 'ASC' && direction !== 'DESC') || value.length > 500) {
        throw new InputError('is not a nextCursor returned by this action', 'cursor');
    }
    assertRecordId(id, 'cursor', object.sObject);
    if (spec.type === 'dateTime') normalizeDateTime(value, 'cursor');
    if (spec.type === 'date') dateLiteral(value, 'cursor');
    return { sort, direction, value, id };
}

export interface ListOptions {
    filters: readonly (Condition | undefined)[];
    sortBy?: string | undefined;
    sortDirection?: 'asc' | 'desc' | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
}

/**
 * One page of a filtered list, ordered by the sort field then Id, continued by a keyset cursor: each page is one
 * query of `limit + 1` rows (the extra row only says whether more remain), however deep the caller pages.
 */
export async function listTyped(nango: NangoClient, object: CrmObject, options: ListOptions): Promise<{ items: Array<Record<string, unknown>>; nextCursor: string | null }> {
    const defaultSort = Object.keys(object.sortFields)[0] ?? 'lastModifiedDate';
    const cursor = options.cursor ? decodeCursor(options.cursor, object) : undefined;
    const sortName = cursor?.sort ?? options.sortBy ?? defaultSort;
    const sort = object.sortFields[sortName];
    if (!sort) {
        throw new InputError(`must be one of ${Object.keys(object.sortFields).join(', ')}`, 'sortBy');
    }
    const direction: 'ASC' | 'DESC' = cursor?.direction ?? (options.sortDirection ? (options.sortDirection === 'asc' ? 'ASC' : 'DESC') : sort.type === 'text' ? 'ASC' : 'DESC');
    const limit = options.limit ?? 50;
    let after: Condition | undefined;
    if (cursor) {
        const value: Literal =
            sort.type === 'dateTime' ? dateTimeLiteral(cursor.value, 'cursor') : sort.type === 'date' ? dateLiteral(cursor.value, 'cursor') : literal(cursor.value, 'cursor');
        const beyond = direction === 'ASC' ? '>' : '<';
        after = or(compare(sort.field, beyond, value), and(compare(sort.field, '=', value), compare('Id', beyond, cursor.id)));
    }
    const page = await withReadableFields(
        nango,
        object.sObject,
        object.fields,
        (fields) =>
            queryFirstPage(
                nango,
                buildSoql({
                    select: fields,
                    from: object.sObject,
                    where: and(...options.filters, after),
                    orderBy: [
                        { field: sort.field, direction },
                        { field: 'Id', direction }
                    ],
                    limit: limit + 1
                }),
                { context: `list ${object.sObject}` }
            ),
        ['Id', sort.field]
    );
    // keep the output under Nango's 2 MB: a cut page simply ends earlier, the cursor continues after its last row
    const fitted = fitItems(
        page.records.slice(0, limit).map((r) => ({ record: r, output: toOutput(object, r) })),
        { items: [], nextCursor: 'x'.repeat(200) },
        OUTPUT_BUDGET_BYTES
    );
    const rows = fitted.items.map((f) => f.record);
    const last = rows[rows.length - 1];
    let nextCursor: string | null = null;
    if ((page.records.length > limit || !fitted.complete) && last) {
        const raw = last[sort.field];
        const value = sort.type === 'dateTime' ? normalizeDateTime(String(raw)) : sort.type === 'date' ? String(raw).slice(0, 10) : String(raw ?? '');
        nextCursor = encodeCursor({ sort: sortName, direction, value, id: String(last['Id']) });
    }
    return { items: fitted.items.map((f) => f.output), nextCursor };
}

/** `field >= since` for a modifiedSince input, validated. */
export function modifiedSince(value: string | undefined): Condition | undefined {
    return value === undefined ? undefined : compare('LastModifiedDate', '>=', dateTimeLiteral(value, 'modifiedSince'));
}

/** `field = value` when the value is given. */
export function equalsIfGiven(field: string, value: string | number | boolean | undefined, path: string): Condition | undefined {
    return value === undefined ? undefined : compare(field, '=', value, path);
}

/** `field = id` for an id input, validated. */
export function idEqualsIfGiven(field: string, value: string | undefined, path: string): Condition | undefined {
    return value === undefined ? undefined : idIn(field, [toId18(assertRecordId(value, path))], path);
}

// ---------------------------------------------------------------------------------------------------------------
// Search

export const searchTextSchema = z.string().min(2).max(200).describe('Text to look for in names, emails, phones and other searchable fields, e.g. "acme". Searched literally.');

/** SOSL search over one typed object, returning its model; `truncated` when cut to stay under 2 MB. */
export async function searchTyped(nango: NangoClient, object: CrmObject, text: string, limit: number): Promise<{ items: Array<Record<string, unknown>>; truncated: boolean }> {
    const response = await withReadableFields(nango, object.sObject, object.fields, (fields) =>
        request<{ searchRecords?: SalesforceRecord[] }>(nango, {
            method: 'GET',
            endpoint: paths.search(),
            params: { q: buildSosl({ searchTerm: text, termPath: 'text', returning: [{ sObject: object.sObject, fields, limit }] }) },
            context: `search ${object.sObject}`
        })
    );
    const fitted = fitItems((response.data.searchRecords ?? []).map((r) => toOutput(object, r)), { items: [], truncated: true });
    return { items: fitted.items, truncated: !fitted.complete };
}
