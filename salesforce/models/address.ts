/** Compound address fields, selected by component (Bulk API and some orgs refuse the compound field itself). */
import * as z from 'zod';

import { text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';

export const addressSchema = z.object({
    street: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    postal_code: z.string().nullable(),
    country: z.string().nullable()
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
