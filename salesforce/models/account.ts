/** The Account model: one schema, one field list, one mapper, shared by the accounts sync and the account actions. */
import * as z from 'zod';

import { customFields, number, text } from '../lib/convert.js';
import type { SalesforceRecord } from '../lib/pager.js';
import { addressFields, addressOf, addressSchema } from './address.js';
import { customFieldsSchema, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const AccountSchema = z.object({
    id: z.string().describe('18-character Account id.'),
    name: z.string(),
    type: z.string().nullable(),
    industry: z.string().nullable(),
    website: z.string().nullable(),
    phone: z.string().nullable(),
    description: z.string().nullable(),
    annual_revenue: z.number().nullable(),
    number_of_employees: z.number().nullable(),
    billing_address: addressSchema,
    shipping_address: addressSchema,
    parent_id: z.string().nullable(),
    owner_id: z.string().nullable(),
    owner_name: z.string().nullable(),
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

export function toAccount(record: SalesforceRecord, extraFields: readonly string[] = []): Account {
    return {
        id: text(record, 'Id') ?? '',
        name: text(record, 'Name') ?? '',
        type: text(record, 'Type'),
        industry: text(record, 'Industry'),
        website: text(record, 'Website'),
        phone: text(record, 'Phone'),
        description: text(record, 'Description'),
        annual_revenue: number(record, 'AnnualRevenue'),
        number_of_employees: number(record, 'NumberOfEmployees'),
        billing_address: addressOf(record, 'Billing'),
        shipping_address: addressOf(record, 'Shipping'),
        parent_id: text(record, 'ParentId'),
        owner_id: text(record, 'OwnerId'),
        owner_name: text(record, 'Owner.Name'),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}
