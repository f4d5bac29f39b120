/** The OpportunityLineItem model (products on an opportunity): one schema, one field list, one mapper. */
import * as z from 'zod';

import { customFields, date, number, parentField, text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { customFieldsSchema, parentNameNote, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const OpportunityLineItemSchema = z.object({
    id: z.string().describe('18-character OpportunityLineItem id, starts with 00k, e.g. "00kD000000AbCdEIAV".'),
    opportunity_id: z.string().nullable().describe('The opportunity the line belongs to, starts with 006, e.g. "006D000000CbBwqIAF".'),
    name: z.string().nullable().describe('Name Salesforce gives the line: the opportunity name and the product name, e.g. "Acme - Renewal Core Router".'),
    product_id: z.string().nullable().describe('Product2Id, starts with 01t, e.g. "01tD0000000AbCdIAK".'),
    product_name: z.string().nullable().describe(parentNameNote('Name of the product (Product2.Name)', 'product_id')),
    product_code: z.string().nullable().describe('ProductCode copied from the product, e.g. "PRD-0024".'),
    pricebook_entry_id: z.string().nullable().describe('PricebookEntryId, the price the line was added at, starts with 01u, e.g. "01uD0000000AbCdIAK".'),
    pricebook_entry_name: z.string().nullable().describe(parentNameNote('Name of the price book entry (PricebookEntry.Name, the product name in that price book)', 'pricebook_entry_id')),
    quantity: z.number().nullable().describe('Quantity, e.g. 12 or 2.5.'),
    unit_price: z.number().nullable().describe('UnitPrice (sales price) per unit, in the opportunity\'s currency, e.g. 1825.'),
    list_price: z.number().nullable().describe('ListPrice: the price book entry\'s price, e.g. 1825.'),
    subtotal: z.number().nullable().describe('Subtotal: quantity × unit price, before discount, e.g. 21900.'),
    total_price: z.number().nullable().describe('TotalPrice: subtotal less the discount, e.g. 20805.'),
    discount_percent: z.number().nullable().describe('Discount in percent, e.g. 5 for 5%; null when none.'),
    service_date: z.string().nullable().describe('ServiceDate, YYYY-MM-DD, e.g. "2026-12-31".'),
    description: z.string().nullable().describe('Line description, up to 255 characters.'),
    sort_order: z.number().nullable().describe('SortOrder: position of the line on the opportunity, e.g. 1.'),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type OpportunityLineItem = z.infer<typeof OpportunityLineItemSchema>;

export const OPPORTUNITY_LINE_ITEM_FIELDS = [
    'Id',
    'OpportunityId',
    'Name',
    'Product2Id',
    'Product2.Name',
    'ProductCode',
    'PricebookEntryId',
    'PricebookEntry.Name',
    'Quantity',
    'UnitPrice',
    'ListPrice',
    'Subtotal',
    'TotalPrice',
    'Discount',
    'ServiceDate',
    'Description',
    'SortOrder',
    ...systemFields
] as const;

export function toOpportunityLineItem(record: SalesforceRecord, extraFields: readonly string[] = []): OpportunityLineItem {
    return {
        id: text(record['Id']) ?? '',
        opportunity_id: text(record['OpportunityId']),
        name: text(record['Name']),
        product_id: text(record['Product2Id']),
        product_name: text(parentField(record, 'Product2', 'Name')),
        product_code: text(record['ProductCode']),
        pricebook_entry_id: text(record['PricebookEntryId']),
        pricebook_entry_name: text(parentField(record, 'PricebookEntry', 'Name')),
        quantity: number(record['Quantity']),
        unit_price: number(record['UnitPrice']),
        list_price: number(record['ListPrice']),
        subtotal: number(record['Subtotal']),
        total_price: number(record['TotalPrice']),
        discount_percent: number(record['Discount']),
        service_date: date(record['ServiceDate']),
        description: text(record['Description']),
        sort_order: number(record['SortOrder']),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}
