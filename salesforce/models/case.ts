/** The Case model, shared by the cases and tickets syncs. */
import * as z from 'zod';

import { boolean, customFields, dateTime, parentField, text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { customFieldsSchema, parentNameNote, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const CaseSchema = z.object({
    id: z.string().describe('18-character Case id, starts with 500, e.g. "500D000000KzFq3IAF".'),
    case_number: z.string().nullable().describe('Auto-number shown to people, e.g. "00001026".'),
    subject: z.string().nullable().describe('e.g. "Cannot log in".'),
    description: z.string().nullable().describe('Free text, up to 32,000 characters.'),
    status: z.string().nullable().describe('Status picklist value, e.g. "New", "Working", "Closed".'),
    priority: z.string().nullable().describe('e.g. "High", "Medium", "Low".'),
    origin: z.string().nullable().describe('Channel the case came from, e.g. "Email", "Phone", "Web".'),
    reason: z.string().nullable().describe('Reason picklist value, e.g. "User didn\'t attend training".'),
    type: z.string().nullable().describe('Type picklist value, e.g. "Problem".'),
    is_closed: z.boolean().nullable().describe('Closed status; null only when the connected user cannot read the field.'),
    closed_date: z.string().nullable().describe('When the case was closed, ISO 8601 UTC, e.g. "2024-01-31T10:00:00.000Z"; null while open.'),
    is_escalated: z.boolean().nullable().describe('Null only when the connected user cannot read the field.'),
    account_id: z.string().nullable().describe('Account id, starts with 001, e.g. "001D000000IqhSLIAZ".'),
    contact_id: z.string().nullable().describe('Contact id, starts with 003, e.g. "003D000000QlWzRIAV".'),
    owner_id: z.string().nullable().describe('Owner id: a user (starts with 005, e.g. "005D0000001AbCdIAK") or a queue (starts with 00G).'),
    owner_name: z.string().nullable().describe(parentNameNote('Name of the owning user or queue', 'owner_id')),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type Case = z.infer<typeof CaseSchema>;

export const CASE_FIELDS = [
    'Id',
    'CaseNumber',
    'Subject',
    'Description',
    'Status',
    'Priority',
    'Origin',
    'Reason',
    'Type',
    'IsClosed',
    'ClosedDate',
    'IsEscalated',
    'AccountId',
    'ContactId',
    'OwnerId',
    'Owner.Name',
    ...systemFields
] as const;

export function toCase(record: SalesforceRecord, extraFields: readonly string[] = []): Case {
    return {
        id: text(record['Id']) ?? '',
        case_number: text(record['CaseNumber']),
        subject: text(record['Subject']),
        description: text(record['Description']),
        status: text(record['Status']),
        priority: text(record['Priority']),
        origin: text(record['Origin']),
        reason: text(record['Reason']),
        type: text(record['Type']),
        is_closed: boolean(record['IsClosed']),
        closed_date: dateTime(record['ClosedDate']),
        is_escalated: boolean(record['IsEscalated']),
        account_id: text(record['AccountId']),
        contact_id: text(record['ContactId']),
        owner_id: text(record['OwnerId']),
        owner_name: text(parentField(record, 'Owner', 'Name')),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}
