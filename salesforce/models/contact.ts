/** The Contact model, shared by the contacts sync and the contact actions. */
import * as z from 'zod';

import { customFields, date, text } from '../lib/convert.js';
import type { SalesforceRecord } from '../lib/pager.js';
import { addressFields, addressOf, addressSchema } from './address.js';
import { customFieldsSchema, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const ContactSchema = z.object({
    id: z.string().describe('18-character Contact id.'),
    first_name: z.string().nullable(),
    last_name: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    mobile_phone: z.string().nullable(),
    title: z.string().nullable(),
    department: z.string().nullable(),
    lead_source: z.string().nullable(),
    birthdate: z.string().nullable().describe('YYYY-MM-DD.'),
    mailing_address: addressSchema,
    account_id: z.string().nullable(),
    account_name: z.string().nullable(),
    owner_id: z.string().nullable(),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type Contact = z.infer<typeof ContactSchema>;

export const CONTACT_FIELDS = [
    'Id',
    'FirstName',
    'LastName',
    'Name',
    'Email',
    'Phone',
    'MobilePhone',
    'Title',
    'Department',
    'LeadSource',
    'Birthdate',
    ...addressFields('Mailing'),
    'AccountId',
    'Account.Name',
    'OwnerId',
    ...systemFields
] as const;

export function toContact(record: SalesforceRecord, extraFields: readonly string[] = []): Contact {
    return {
        id: text(record, 'Id') ?? '',
        first_name: text(record, 'FirstName'),
        last_name: text(record, 'LastName') ?? '',
        name: text(record, 'Name'),
        email: text(record, 'Email'),
        phone: text(record, 'Phone'),
        mobile_phone: text(record, 'MobilePhone'),
        title: text(record, 'Title'),
        department: text(record, 'Department'),
        lead_source: text(record, 'LeadSource'),
        birthdate: date(record, 'Birthdate'),
        mailing_address: addressOf(record, 'Mailing'),
        account_id: text(record, 'AccountId'),
        account_name: text(record, 'Account.Name'),
        owner_id: text(record, 'OwnerId'),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}
