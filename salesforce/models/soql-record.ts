/** The model of records-by-soql: any object's rows, fields kept as Salesforce names them. */
import * as z from 'zod';

import { dateTime, text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';

export const SoqlRecordSchema = z.object({
    id: z.string().describe('18-character record id.'),
    sobject_type: z.string().describe('API name of the object, e.g. "Invoice__c".'),
    system_modstamp: z.string().nullable().describe('When the row last changed: SystemModstamp, or LastModifiedDate / CreatedDate on objects without it (history objects), ISO 8601 UTC.'),
    fields: z.record(z.string(), z.unknown()).describe('Every selected field the connected user can read, by API name as the org spells it, typed from describe (numbers, booleans, dates YYYY-MM-DD, date-times ISO 8601 UTC ending in Z); relationship paths as nested objects, null when the lookup is empty, e.g. {"Id": "a0I…", "Name": "INV-1", "Amount__c": 120.5, "Account__r": {"Name": "Acme"}}. Fields the user cannot read are absent.')
});
export type SoqlRecord = z.infer<typeof SoqlRecordSchema>;

export function toSoqlRecord(record: SalesforceRecord, sObject: string): SoqlRecord {
    const fields: Record<string, unknown> = { ...record };
    delete fields['attributes'];
    delete fields['IsDeleted'];
    return {
        id: text(record['Id']) ?? '',
        sobject_type: sObject,
        system_modstamp: dateTime(record['SystemModstamp']) ?? dateTime(record['LastModifiedDate']) ?? dateTime(record['CreatedDate']),
        fields
    };
}
