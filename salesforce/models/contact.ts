/** The Contact model, shared by the contacts sync and the contact actions. */
import * as z from 'zod';

import { customFields, date, parentField, text } from '../lib/metadata/values.js';
import type { CrmObject } from '../lib/crm/typed.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { recordIdSchema } from '../lib/input/schemas.js';
import { addressFields, addressOf, addressSchema } from './address.js';
import { customFieldsSchema, parentNameNote, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const ContactSchema = z.object({
    id: z.string().describe('18-character Contact id, starts with 003, e.g. "003D000000QlWzRIAV".'),
    first_name: z.string().nullable().describe('e.g. "Ada".'),
    last_name: z.string().describe('e.g. "Ng".'),
    name: z.string().nullable().describe('Full name as Salesforce composes it, e.g. "Ada Ng".'),
    email: z.string().nullable().describe('e.g. "ada@acme.example".'),
    phone: z.string().nullable().describe('e.g. "+1 415 555 0100".'),
    mobile_phone: z.string().nullable().describe('e.g. "+1 415 555 0199".'),
    title: z.string().nullable().describe('Job title, e.g. "CFO".'),
    department: z.string().nullable().describe('e.g. "Finance".'),
    lead_source: z.string().nullable().describe('LeadSource picklist value, e.g. "Web".'),
    birthdate: z.string().nullable().describe('YYYY-MM-DD.'),
    mailing_address: addressSchema.describe('Mailing address (MailingStreet, MailingCity…); each part null when unset.'),
    account_id: z.string().nullable().describe('Account id, starts with 001, e.g. "001D000000IqhSLIAZ"; null for a private contact.'),
    account_name: z.string().nullable().describe(parentNameNote('Name of the account', 'account_id')),
    owner_id: z.string().nullable().describe('Owning user id, starts with 005, e.g. "005D0000001AbCdIAK".'),
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
        id: text(record['Id']) ?? '',
        first_name: text(record['FirstName']),
        last_name: text(record['LastName']) ?? '',
        name: text(record['Name']),
        email: text(record['Email']),
        phone: text(record['Phone']),
        mobile_phone: text(record['MobilePhone']),
        title: text(record['Title']),
        department: text(record['Department']),
        lead_source: text(record['LeadSource']),
        birthdate: date(record['Birthdate']),
        mailing_address: addressOf(record, 'Mailing'),
        account_id: text(record['AccountId']),
        account_name: text(parentField(record, 'Account', 'Name')),
        owner_id: text(record['OwnerId']),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}

/** Typed inputs of create-contact / update-contact and the Contact fields they set. */
export const contactInputShape = {
    lastName: z.string().min(1).max(80).describe('Last name, e.g. "Ng".'),
    firstName: z.string().max(40).optional().describe('e.g. "Ada".'),
    email: z.string().email().max(80).optional().describe('e.g. "ada@acme.example".'),
    phone: z.string().max(40).optional().describe('e.g. "+1 415 555 0100".'),
    mobilePhone: z.string().max(40).optional().describe('e.g. "+1 415 555 0199".'),
    title: z.string().max(128).optional().describe('Job title, e.g. "CFO".'),
    department: z.string().max(80).optional().describe('e.g. "Finance".'),
    accountId: recordIdSchema.optional().describe('Account the contact works for, e.g. "001D000000IqhSLIAZ".'),
    leadSource: z.string().max(255).optional().describe('LeadSource picklist value, e.g. "Web".'),
    description: z.string().max(32_000).optional().describe('Free text, up to 32,000 characters.'),
    mailingStreet: z.string().max(255).optional().describe('e.g. "1 Market St".'),
    mailingCity: z.string().max(40).optional().describe('e.g. "San Francisco".'),
    mailingState: z.string().max(80).optional().describe('State or province name, e.g. "California". Orgs with state and country picklists (the default) want the full name as the picklist shows it, not "CA"; to set the code instead, pass customFields {"MailingStateCode": "CA"}.'),
    mailingPostalCode: z.string().max(20).optional().describe('e.g. "94105".'),
    mailingCountry: z.string().max(80).optional().describe('Country name, e.g. "United States". Orgs with state and country picklists (the default) want the full name as the picklist shows it, not "USA"; to set the ISO code instead, pass customFields {"MailingCountryCode": "US"}.')
};

export const CONTACT_FIELD_MAP = {
    lastName: 'LastName',
    firstName: 'FirstName',
    email: 'Email',
    phone: 'Phone',
    mobilePhone: 'MobilePhone',
    title: 'Title',
    department: 'Department',
    accountId: 'AccountId',
    leadSource: 'LeadSource',
    description: 'Description',
    mailingStreet: 'MailingStreet',
    mailingCity: 'MailingCity',
    mailingState: 'MailingState',
    mailingPostalCode: 'MailingPostalCode',
    mailingCountry: 'MailingCountry'
} as const;

export const ContactObject = {
    sObject: 'Contact',
    fields: CONTACT_FIELDS,
    schema: ContactSchema,
    map: (record: SalesforceRecord) => toContact(record),
    sortFields: {
        lastModifiedDate: { field: 'LastModifiedDate', type: 'dateTime' },
        createdDate: { field: 'CreatedDate', type: 'dateTime' },
        lastName: { field: 'LastName', type: 'text' }
    }
} as const satisfies CrmObject;
