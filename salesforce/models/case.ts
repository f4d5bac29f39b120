/** The Case model, shared by the cases and tickets syncs. */
import * as z from 'zod';

import { boolean, customFields, dateTime, text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { customFieldsSchema, parentNameNote, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const CaseSchema = z.object({
    id: z.string().describe('18-character Case id.'),
    case_number: z.string().nullable(),
    subject: z.string().nullable(),
    description: z.string().nullable(),
    status: z.string().nullable(),
    priority: z.string().nullable(),
    origin: z.string().nullable(),
    reason: z.string().nullable(),
    type: z.string().nullable(),
    is_closed: z.boolean().nullable().describe('Closed status; null only when the connected user cannot read the field.'),
    closed_date: z.string().nullable(),
    is_escalated: z.boolean().nullable().describe('Null only when the connected user cannot read the field.'),
    account_id: z.string().nullable(),
    contact_id: z.string().nullable(),
    owner_id: z.string().nullable(),
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
        id: text(record, 'Id') ?? '',
        case_number: text(record, 'CaseNumber'),
        subject: text(record, 'Subject'),
        description: text(record, 'Description'),
        status: text(record, 'Status'),
        priority: text(record, 'Priority'),
        origin: text(record, 'Origin'),
        reason: text(record, 'Reason'),
        type: text(record, 'Type'),
        is_closed: boolean(record, 'IsClosed'),
        closed_date: dateTime(record, 'ClosedDate'),
        is_escalated: boolean(record, 'IsEscalated'),
        account_id: text(record, 'AccountId'),
        contact_id: text(record, 'ContactId'),
        owner_id: text(record, 'OwnerId'),
        owner_name: text(record, 'Owner.Name'),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}
