/** The Account model: one schema, one field list, one mapper, shared by the accounts sync and the account actions. */
import * as z from 'zod';

import { customFields, number, parentField, text } from '../lib/metadata/values.js';
import type { CrmObject } from '../lib/crm/typed.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { addressFields, addressOf, addressSchema } from './address.js';
import { CURRENCY_FIELDS, currencyIsoCodeSchema, customFieldsSchema, parentNameNote, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const AccountSchema = z.object({
    id: z.string().describe('18-character Account id, starts with 001, e.g. "001D000000IqhSLIAZ".'),
    name: z.string().describe('Account name, e.g. "Acme Corporation".'),
    type: z.string().nullable().describe('Type picklist value, e.g. "Customer - Direct".'),
    industry: z.string().nullable().describe('Industry picklist value, e.g. "Technology".'),
    website: z.string().nullable().describe('e.g. "https://acme.example".'),
    phone: z.string().nullable().describe('e.g. "+1 415 555 0100".'),
    description: z.string().nullable().describe('Free text, up to 32,000 characters.'),
    annual_revenue: z.number().nullable().describe('In the currency of currency_iso_code (multi-currency orgs), e.g. 2500000.'),
    currency_iso_code: currencyIsoCodeSchema,
    number_of_employees: z.number().nullable().describe('e.g. 250.'),
    billing_address: addressSchema.describe('Billing address (BillingStreet, BillingCity…); each part null when unset.'),
    shipping_address: addressSchema.describe('Shipping address (ShippingStreet, ShippingCity…); each part null when unset.'),
    parent_id: z.string().nullable().describe('Parent account id, starts with 001, e.g. "001D000000IqhSLIAZ"; null for a top-level account.'),
    owner_id: z.string().nullable().describe('Owning user id, starts with 005, e.g. "005D0000001AbCdIAK".'),
    owner_name: z.string().nullable().describe(parentNameNote('Name of the owning user', 'owner_id')),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type Account = z.infer<typeof AccountSchema>;

export const ACCOUNT_FIELDS = [
    'Id',
    'Name',
    'Type',
    'Industry',
    'Website',
    'Phone',
    'Description',
    'AnnualRevenue',
    'NumberOfEmployees',
    ...addressFields('Billing'),
    ...addressFields('Shipping'),
    'ParentId',
    'OwnerId',
    'Owner.Name',
    ...systemFields
] as const;

/** What the accounts sync reads: the model's fields and, in multi-currency orgs, the currency. */
export const ACCOUNT_SYNC_FIELDS = [...ACCOUNT_FIELDS, ...CURRENCY_FIELDS] as const;

export function toAccount(record: SalesforceRecord, extraFields: readonly string[] = []): Account {
    return {
        id: text(record['Id']) ?? '',
        name: text(record['Name']) ?? '',
        type: text(record['Type']),
        industry: text(record['Industry']),
        website: text(record['Website']),
        phone: text(record['Phone']),
        description: text(record['Description']),
        annual_revenue: number(record['AnnualRevenue']),
        currency_iso_code: text(record['CurrencyIsoCode']),
        number_of_employees: number(record['NumberOfEmployees']),
        billing_address: addressOf(record, 'Billing'),
        shipping_address: addressOf(record, 'Shipping'),
        parent_id: text(record['ParentId']),
        owner_id: text(record['OwnerId']),
        owner_name: text(parentField(record, 'Owner', 'Name')),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}

/** Typed inputs of create-account / update-account, and the Account fields they set. */
export const accountInputShape = {
    name: z.string().min(1).max(255).describe('Account name, e.g. "Acme Corporation".'),
    type: z.string().max(255).optional().describe('Account type picklist value, e.g. "Customer - Direct".'),
    industry: z.string().max(255).optional().describe('Industry picklist value, e.g. "Technology".'),
    website: z.string().max(255).optional().describe('e.g. "https://acme.example".'),
    phone: z.string().max(40).optional().describe('e.g. "+1 415 555 0100".'),
    description: z.string().max(32_000).optional().describe('Free text, up to 32,000 characters.'),
    annualRevenue: z.number().min(0).optional().describe('In the org currency, e.g. 2500000.'),
    numberOfEmployees: z.number().int().min(0).optional().describe('e.g. 250.'),
    billingStreet: z.string().max(255).optional().describe('e.g. "1 Market St".'),
    billingCity: z.string().max(40).optional().describe('e.g. "San Francisco".'),
    billingState: z.string().max(80).optional().describe('State or province name, e.g. "California". Orgs with state and country picklists (the default) want the full name as the picklist shows it, not "CA"; to set the code instead, pass customFields {"BillingStateCode": "CA"}.'),
    billingPostalCode: z.string().max(20).optional().describe('e.g. "94105".'),
    billingCountry: z.string().max(80).optional().describe('Country name, e.g. "United States". Orgs with state and country picklists (the default) want the full name as the picklist shows it, not "USA"; to set the ISO code instead, pass customFields {"BillingCountryCode": "US"}.')
};

export const ACCOUNT_FIELD_MAP = {
    name: 'Name',
    type: 'Type',
    industry: 'Industry',
    website: 'Website',
    phone: 'Phone',
    description: 'Description',
    annualRevenue: 'AnnualRevenue',
    numberOfEmployees: 'NumberOfEmployees',
    billingStreet: 'BillingStreet',
    billingCity: 'BillingCity',
    billingState: 'BillingState',
    billingPostalCode: 'BillingPostalCode',
    billingCountry: 'BillingCountry'
} as const;

export const AccountObject = {
    sObject: 'Account',
    fields: ACCOUNT_FIELDS,
    schema: AccountSchema.omit({ currency_iso_code: true }),
    map: (record: SalesforceRecord) => toAccount(record),
    sortFields: {
        lastModifiedDate: { field: 'LastModifiedDate', type: 'dateTime' },
        createdDate: { field: 'CreatedDate', type: 'dateTime' },
        name: { field: 'Name', type: 'text' }
    }
} as const satisfies CrmObject;
