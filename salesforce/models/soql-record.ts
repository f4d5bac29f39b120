/** The model of records-by-soql: any object's rows, fields kept as Salesforce names them. */
import * as z from 'zod';

import { dateTime, text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';

export const SoqlRecordSchema = z.object({
    id: z.string().describe('18-character record id.'),
    sobject_type: z.string().describe('API name of the object, e.g. "Invoice__c".'),
    system_modstamp: z.string().nullable(),
    fields: z.record(z.string(), z.unknown()).describe('Every selected field as Salesforce returned it, by API name; relationship paths as nested objects, e.g. {"Name": "INV-1", "Account__r": {"Name": "Acme"}}.')
});
export type SoqlRecord = z.infer<typeof SoqlRecordSchema>;

function withoutAttributes(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutAttributes);
    if (value && typeof value === 'object') {
        return Object.fromEntries(
            Object.entries(value as Record<string, unknown>)
                .filter(([key]) => key !== 'attributes')
                .map(([key, v]) => [key, withoutAttributes(v)])
        );
    }
    return value;
}

export function toSoqlRecord(record: SalesforceRecord, sObject: string): SoqlRecord {
    const fields = withoutAttributes(record) as Record<string, unknown>;
    delete fields['IsDeleted'];
    return {
        id: text(record, 'Id') ?? '',
        sobject_type: record.attributes?.type ?? sObject,
        system_modstamp: dateTime(record, 'SystemModstamp'),
        fields
    };
}
