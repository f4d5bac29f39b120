/** Compound address fields, selected by component (Bulk API and some orgs refuse the compound field itself). */
import * as z from 'zod';

import { text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';

export const addressSchema = z.object({
    street: z.string().nullable().describe('Street lines, may hold line breaks, e.g. "1 Market St\\nSuite 300".'),
    city: z.string().nullable().describe('e.g. "San Francisco".'),
    state: z.string().nullable().describe('State or province name, e.g. "California".'),
    postal_code: z.string().nullable().describe('e.g. "94105".'),
    country: z.string().nullable().describe('Country name, e.g. "United States".')
});
export type Address = z.infer<typeof addressSchema>;

/** `Billing` → BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry. */
export function addressFields(prefix: string): string[] {
    return ['Street', 'City', 'State', 'PostalCode', 'Country'].map((part) => `${prefix}${part}`);
}

export function addressOf(record: SalesforceRecord, prefix: string): Address {
    return {
        street: text(record, `${prefix}Street`),
        city: text(record, `${prefix}City`),
        state: text(record, `${prefix}State`),
        postal_code: text(record, `${prefix}PostalCode`),
        country: text(record, `${prefix}Country`)
    };
}
