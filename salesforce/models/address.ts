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

/** The five field names of each prefix, made once: a name built for every record would be looked up slowly. */
const addressNames = new Map<string, { street: string; city: string; state: string; postalCode: string; country: string }>();

export function addressOf(record: SalesforceRecord, prefix: string): Address {
    let names = addressNames.get(prefix);
    if (names === undefined) {
        names = { street: `${prefix}Street`, city: `${prefix}City`, state: `${prefix}State`, postalCode: `${prefix}PostalCode`, country: `${prefix}Country` };
        addressNames.set(prefix, names);
    }
    return {
        street: text(record[names.street]),
        city: text(record[names.city]),
        state: text(record[names.state]),
        postal_code: text(record[names.postalCode]),
        country: text(record[names.country])
    };
}
