/** The Lead model: one schema, one field list, one mapper, shared by the leads sync and the lead actions. */
import * as z from 'zod';

import { boolean, customFields, date, text } from '../lib/metadata/values.js';
import type { CrmObject } from '../lib/crm/typed.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { addressFields, addressOf, addressSchema } from './address.js';
import { CURRENCY_FIELDS, currencyIsoCodeSchema, customFieldsSchema, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const LeadSchema = z.object({
    id: z.string().describe('18-character Lead id, starts with 00Q, e.g. "00QD000000GkYzXMAV".'),
    first_name: z.string().nullable().describe('e.g. "Ada".'),
    last_name: z.string().describe('e.g. "Ng".'),
    name: z.string().nullable().describe('Full name as Salesforce composes it, e.g. "Ada Ng".'),
    company: z.string().nullable().describe('e.g. "Acme Corporation".'),
    title: z.string().nullable().describe('Job title, e.g. "CTO".'),
    email: z.string().nullable().describe('e.g. "ada@acme.example".'),
    phone: z.string().nullable().describe('e.g. "+1 415 555 0100".'),
    website: z.string().nullable().describe('e.g. "https://acme.example".'),
    industry: z.string().nullable().describe('Industry picklist value, e.g. "Technology".'),
    status: z.string().nullable().describe('Lead status picklist value, e.g. "Open - Not Contacted".'),
    lead_source: z.string().nullable().describe('LeadSource picklist value, e.g. "Web".'),
    description: z.string().nullable().describe('Free text, up to 32,000 characters.'),
    currency_iso_code: currencyIsoCodeSchema.describe(
        'ISO 4217 code of the currency of the lead\'s amounts (AnnualRevenue and other currency fields named in extraFields), e.g. "EUR"; null in orgs without multi-currency (amounts are then in the org\'s currency).'
    ),
    address: addressSchema.describe('Lead address (Street, City…); each part null when unset.'),
    owner_id: z.string().nullable().describe('Owner id: a user (starts with 005, e.g. "005D0000001AbCdIAK") or a queue (starts with 00G).'),
    is_converted: z
        .boolean()
        .nullable()
        .describe('True once the lead was converted: Salesforce keeps a converted lead (read-only) with the ids of the account, contact and opportunity it became (converted_*). Null only when the connected user cannot read the field.'),
    converted_date: z.string().nullable().describe('YYYY-MM-DD.'),
    converted_account_id: z.string().nullable().describe('Account the lead became, starts with 001, e.g. "001D000000IqhSLIAZ"; null until converted.'),
    converted_contact_id: z.string().nullable().describe('Contact the lead became, starts with 003, e.g. "003D000000QlWzRIAV"; null until converted.'),
    converted_opportunity_id: z.string().nullable().describe('Opportunity created on conversion, starts with 006, e.g. "006D000000CbBwqIAF"; null when none was created.'),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type Lead = z.infer<typeof LeadSchema>;

export const LEAD_FIELDS = [
    'Id',
    'FirstName',
    'LastName',
    'Name',
    'Company',
    'Title',
    'Email',
    'Phone',
    'Website',
    'Industry',
    'Status',
    'LeadSource',
    'Description',
    ...addressFields(''),
    'OwnerId',
    'IsConverted',
    'ConvertedDate',
    'ConvertedAccountId',
    'ConvertedContactId',
    'ConvertedOpportunityId',
    ...systemFields
] as const;

/** What the leads sync reads: the model's fields and, in multi-currency orgs, the currency. */
export const LEAD_SYNC_FIELDS = [...LEAD_FIELDS, ...CURRENCY_FIELDS] as const;

export function toLead(record: SalesforceRecord, extraFields: readonly string[] = []): Lead {
    return {
        id: text(record['Id']) ?? '',
        first_name: text(record['FirstName']),
        last_name: text(record['LastName']) ?? '',
        name: text(record['Name']),
        company: text(record['Company']),
        title: text(record['Title']),
        email: text(record['Email']),
        phone: text(record['Phone']),
        website: text(record['Website']),
        industry: text(record['Industry']),
        status: text(record['Status']),
        lead_source: text(record['LeadSource']),
        description: text(record['Description']),
        currency_iso_code: text(record['CurrencyIsoCode']),
        address: addressOf(record, ''),
        owner_id: text(record['OwnerId']),
        is_converted: boolean(record['IsConverted']),
        converted_date: date(record['ConvertedDate']),
        converted_account_id: text(record['ConvertedAccountId']),
        converted_contact_id: text(record['ConvertedContactId']),
        converted_opportunity_id: text(record['ConvertedOpportunityId']),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}

/** Typed inputs of create-lead / update-lead and the Lead fields they set. */
export const leadInputShape = {
    lastName: z.string().min(1).max(80).describe('Last name, e.g. "Ng".'),
    company: z.string().min(1).max(255).describe('Company, e.g. "Acme Corporation".'),
    firstName: z.string().max(40).optional().describe('e.g. "Ada".'),
    email: z.string().email().max(80).optional().describe('e.g. "ada@acme.example".'),
    phone: z.string().max(40).optional().describe('e.g. "+1 415 555 0100".'),
    title: z.string().max(128).optional().describe('Job title, e.g. "CTO".'),
    industry: z.string().max(255).optional().describe('Industry picklist value, e.g. "Technology".'),
    status: z.string().max(255).optional().describe("Lead status picklist value, e.g. \"Working - Contacted\". Omit for the org's default status."),
    leadSource: z.string().max(255).optional().describe('e.g. "Web".'),
    website: z.string().max(255).optional().describe('e.g. "https://acme.example".'),
    description: z.string().max(32_000).optional().describe('Free text, up to 32,000 characters.')
};

export const LEAD_FIELD_MAP = {
    lastName: 'LastName',
    company: 'Company',
    firstName: 'FirstName',
    email: 'Email',
    phone: 'Phone',
    title: 'Title',
    industry: 'Industry',
    status: 'Status',
    leadSource: 'LeadSource',
    website: 'Website',
    description: 'Description'
} as const;

export const LeadObject = {
    sObject: 'Lead',
    fields: LEAD_FIELDS,
    schema: LeadSchema.omit({ currency_iso_code: true }),
    map: (record: SalesforceRecord) => toLead(record),
    sortFields: {
        lastModifiedDate: { field: 'LastModifiedDate', type: 'dateTime' },
        createdDate: { field: 'CreatedDate', type: 'dateTime' },
        lastName: { field: 'LastName', type: 'text' }
    }
} as const satisfies CrmObject;
