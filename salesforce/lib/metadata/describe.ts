/**
 * metadata/: what the org says about itself — describe, field visibility, and typed reads of field values.
 *
 * Describe metadata: fetching it, and the compact summaries that keep describe outputs small enough for large orgs
 * (a full describe of a big object is several MB; Nango refuses action outputs over 2 MB).
 */
import * as z from 'zod';

import { paths, request, type NangoClient } from '../http/api.js';

type Json = Record<string, unknown>;

export const sObjectSummarySchema = z.object({
    name: z.string().describe('API name, e.g. "Account".'),
    label: z.string().describe('Label shown to people, e.g. "Account" (the org may rename it).'),
    labelPlural: z.string().describe('Plural label, e.g. "Accounts".'),
    keyPrefix: z.string().nullable().describe('First three characters of its record ids, e.g. "001"; null for objects without ids.'),
    custom: z.boolean().describe('True for a custom object (API name ending in __c).'),
    queryable: z.boolean().describe('True when query-records (SOQL) can read it.'),
    searchable: z.boolean().describe('True when search-records (SOSL) can find it.'),
    createable: z.boolean().describe('True when the connected user can create records of it (create-record).'),
    updateable: z.boolean().describe('True when the connected user can update its records (update-record).'),
    deletable: z.boolean().describe('True when the connected user can delete its records (delete-record).')
});
export type SObjectSummary = z.infer<typeof sObjectSummarySchema>;

export const fieldSummarySchema = z.object({
    name: z.string().describe('Field API name, e.g. "Industry".'),
    label: z.string().describe('Label shown to people, e.g. "Account Name".'),
    type: z.string().describe('Salesforce field type, e.g. "string", "picklist", "reference", "currency", "datetime".'),
    length: z.number().nullable().describe('Most characters for text fields, e.g. 255; 0 for types without a length.'),
    nillable: z.boolean().describe('True when the field may be left empty (null).'),
    createable: z.boolean().describe('True when the connected user can set it on create.'),
    updateable: z.boolean().describe('True when the connected user can change it on update.'),
    filterable: z.boolean().describe('True when it can be used in a SOQL WHERE clause.'),
    custom: z.boolean().describe('True for a custom field (API name ending in __c).'),
    externalId: z.boolean().describe('True for an external id field, usable as the key of upsert-record and get-record-by-external-id.'),
    unique: z.boolean().describe('True when no two records may share a value.'),
    referenceTo: z.array(z.string()).describe('Objects a lookup points at, e.g. ["Account"].'),
    relationshipName: z.string().nullable().describe('Name to use in relationship paths, e.g. "Account" in Account.Name.'),
    picklistValues: z
        .array(z.object({ value: z.string().describe('API value to write, e.g. "Technology".'), label: z.string().describe('Label shown to people.'), defaultValue: z.boolean().describe('True for the default value of new records.') }))
        .describe('Active picklist values (empty for other types).')
});
export type FieldSummary = z.infer<typeof fieldSummarySchema>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bool = (v: unknown): boolean => v === true;
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export function summarizeSObject(entry: Json): SObjectSummary {
    return {
        name: str(entry['name']),
        label: str(entry['label']),
        labelPlural: str(entry['labelPlural']),
        keyPrefix: strOrNull(entry['keyPrefix']),
        custom: bool(entry['custom']),
        queryable: bool(entry['queryable']),
        searchable: bool(entry['searchable']),
        createable: bool(entry['createable']),
        updateable: bool(entry['updateable']),
        deletable: bool(entry['deletable'])
    };
}

export function summarizeField(field: Json): FieldSummary {
    const picklist = Array.isArray(field['picklistValues']) ? (field['picklistValues'] as Json[]) : [];
    return {
        name: str(field['name']),
        label: str(field['label']),
        type: str(field['type']),
        length: typeof field['length'] === 'number' ? field['length'] : null,
        nillable: bool(field['nillable']),
        createable: bool(field['createable']),
        updateable: bool(field['updateable']),
        filterable: bool(field['filterable']),
        custom: bool(field['custom']),
        externalId: bool(field['externalId']),
        unique: bool(field['unique']),
        referenceTo: Array.isArray(field['referenceTo']) ? field['referenceTo'].filter((r): r is string => typeof r === 'string') : [],
        relationshipName: strOrNull(field['relationshipName']),
        picklistValues: picklist
            .filter((p) => p['active'] !== false)
            .map((p) => ({ value: str(p['value']), label: str(p['label']), defaultValue: bool(p['defaultValue']) }))
    };
}

export interface DescribeGlobal {
    encoding: string;
    maxBatchSize: number;
    sobjects: Json[];
}

export async function describeGlobal(nango: NangoClient): Promise<DescribeGlobal> {
    const response = await request<Partial<DescribeGlobal>>(nango, { method: 'GET', endpoint: paths.describeGlobal(), context: 'describe global' });
    return {
        encoding: response.data.encoding ?? 'UTF-8',
        maxBatchSize: response.data.maxBatchSize ?? 200,
        sobjects: Array.isArray(response.data.sobjects) ? response.data.sobjects : []
    };
}

export async function describeSObject(nango: NangoClient, sObject: string): Promise<Json> {
    const response = await request<Json>(nango, { method: 'GET', endpoint: paths.describe(sObject), context: `describe ${sObject}` });
    return response.data;
}

export async function sObjectBasicInfo(nango: NangoClient, sObject: string): Promise<{ objectDescribe: Json; recentItems: Json[] }> {
    const response = await request<{ objectDescribe?: Json; recentItems?: Json[] }>(nango, {
        method: 'GET',
        endpoint: paths.sobject(sObject),
        context: `get basic info of ${sObject}`
    });
    return {
        objectDescribe: response.data.objectDescribe ?? {},
        recentItems: Array.isArray(response.data.recentItems) ? response.data.recentItems : []
    };
}
