/**
 * The field-history model: one schema for the rows of every `…History` object (AccountHistory,
 * OpportunityFieldHistory, CaseHistory, ContactHistory, LeadHistory, Invoice__History…), with the old and new values
 * typed. OldValue and NewValue are anyType in describe (Object Reference, "History" / StandardObjectNameHistory): the
 * row's DataType names their type where the org has it (API 43.0+), else the tracked field's type in the parent
 * object's describe does.
 */
import * as z from 'zod';

import { dateTime, text, valueAt } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';

const valueSchema = z.union([z.string(), z.number(), z.boolean()]).nullable();

export const FieldHistorySchema = z.object({
    id: z.string().describe('18-character history row id, starts with 017, e.g. "017D000000AbCdEIAV"; unique across every history object.'),
    history_object: z.string().describe('The history object the row comes from, e.g. "AccountHistory", "OpportunityFieldHistory", "Invoice__History".'),
    parent_object: z.string().describe('The object whose field changed, e.g. "Account", "Opportunity", "Invoice__c".'),
    parent_id: z.string().nullable().describe('Id of the record that changed (AccountId, OpportunityId, ParentId…), e.g. "001D000000IqhSLIAZ".'),
    field: z
        .string()
        .nullable()
        .describe('Field as the history names it: a field API name ("Industry", "StageName"), a history alias ("TextName" for an account\'s Name, "Owner" for OwnerId) or an event: "created", "ownerAssignment", "locked"…'),
    data_type: z.string().nullable().describe('DataType of the row as Salesforce gives it, e.g. "Text", "Currency", "DateOnly", "EntityId", "DynamicEnum"; null on "created" rows or where the org lacks the field.'),
    value_type: z
        .enum(['string', 'number', 'boolean', 'date', 'datetime', 'id'])
        .nullable()
        .describe('How old_value and new_value are typed: number (currency, double, percent, int), boolean, date (YYYY-MM-DD), datetime (ISO 8601 UTC), id (a record id: a lookup change writes one row of ids and one of names) or string; null when unknown.'),
    old_value: valueSchema.describe('The value before the change, typed by value_type, e.g. 250000 or "Prospecting"; null when empty or on event rows.'),
    new_value: valueSchema.describe('The value after the change, typed by value_type, e.g. 1000000 or "Closed Won"; null when cleared or on event rows.'),
    created_by_id: z.string().nullable().describe('User who made the change, starts with 005, e.g. "005D0000001AbCdIAK".'),
    created_date: z.string().nullable().describe('When the change was made, ISO 8601 UTC, e.g. "2026-11-21T09:30:00.000Z"; the sync cursor (history rows never change).')
});
export type FieldHistory = z.infer<typeof FieldHistorySchema>;
export type HistoryValueType = NonNullable<FieldHistory['value_type']>;

/** The history object's fields the sync reads, besides the parent id field. */
export const FIELD_HISTORY_FIELDS = ['Id', 'Field', 'DataType', 'OldValue', 'NewValue', 'CreatedById', 'CreatedDate'] as const;

/** The parent object and its id field of a history object, by Salesforce's naming; null when the name is no history object's. */
export function historyParent(historyObject: string): { parent: string; parentField: string } | null {
    if (/^[A-Za-z][A-Za-z0-9_]*__History$/.test(historyObject)) return { parent: `${historyObject.slice(0, -'History'.length)}c`, parentField: 'ParentId' };
    if (historyObject.toLowerCase() === 'opportunityfieldhistory') return { parent: 'Opportunity', parentField: 'OpportunityId' };
    const m = /^([A-Za-z][A-Za-z0-9]*)History$/.exec(historyObject);
    if (!m || !m[1]) return null;
    return { parent: m[1], parentField: `${m[1]}Id` };
}

/** History DataType → value type. */
const DATA_TYPES: Readonly<Record<string, HistoryValueType>> = {
    currency: 'number',
    double: 'number',
    percent: 'number',
    int: 'number',
    integer: 'number',
    boolean: 'boolean',
    dateonly: 'date',
    date: 'date',
    datetime: 'datetime',
    entityid: 'id'
};

/** Describe type of the parent's field → value type. */
const FIELD_TYPES: Readonly<Record<string, HistoryValueType>> = {
    currency: 'number',
    double: 'number',
    percent: 'number',
    int: 'number',
    long: 'number',
    boolean: 'boolean',
    date: 'date',
    datetime: 'datetime',
    reference: 'id',
    id: 'id'
};

/** History aliases of parent fields: Field says "TextName" for an account's Name, "Owner" for OwnerId. */
const ALIASES: Readonly<Record<string, string>> = { textname: 'Name', owner: 'OwnerId' };

export interface HistoryContext {
    historyObject: string;
    parent: string;
    parentField: string;
    /** Lower-cased parent field name → describe type (from the parent's describe; empty when it could not be read). */
    parentTypes: ReadonlyMap<string, string>;
}

/** The value type of a row: its DataType where given, else the tracked field's describe type; string by default. */
export function valueTypeOf(record: SalesforceRecord, context: HistoryContext): HistoryValueType | null {
    const dataType = text(record['DataType']);
    if (dataType) return DATA_TYPES[dataType.toLowerCase()] ?? 'string';
    const field = text(record['Field']);
    if (!field) return null;
    const type = context.parentTypes.get((ALIASES[field.toLowerCase()] ?? field).toLowerCase());
    if (type === undefined) return null;
    return FIELD_TYPES[type] ?? 'string';
}

/** An anyType value in the row's type; a value that does not fit the type is kept as text. */
export function typedHistoryValue(value: unknown, type: HistoryValueType | null): string | number | boolean | null {
    if (value === null || value === undefined || value === '') return null;
    switch (type) {
        case 'number': {
            const n = typeof value === 'number' ? value : Number(value);
            return Number.isFinite(n) ? n : String(value);
        }
        case 'boolean':
            if (typeof value === 'boolean') return value;
            return value === 'true' ? true : value === 'false' ? false : String(value);
        case 'date':
            return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : String(value);
        case 'datetime': {
            const ms = typeof value === 'number' ? value : Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
            return Number.isFinite(ms) ? new Date(ms).toISOString() : String(value);
        }
        default:
            return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? (type === 'string' || type === 'id' ? String(value) : value) : JSON.stringify(value);
    }
}

export function toFieldHistory(record: SalesforceRecord, context: HistoryContext): FieldHistory {
    const type = valueTypeOf(record, context);
    return {
        id: text(record['Id']) ?? '',
        history_object: context.historyObject,
        parent_object: context.parent,
        parent_id: text(valueAt(record, context.parentField)),
        field: text(record['Field']),
        data_type: text(record['DataType']),
        value_type: type,
        old_value: typedHistoryValue(valueAt(record, 'OldValue'), type),
        new_value: typedHistoryValue(valueAt(record, 'NewValue'), type),
        created_by_id: text(record['CreatedById']),
        created_date: dateTime(record['CreatedDate'])
    };
}
