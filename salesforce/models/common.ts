/** Fields every synced model carries. */
import * as z from 'zod';

import { dateTime } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';

export const systemFields = ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'] as const;

export const systemFieldsSchema = {
    created_date: z.string().nullable().describe('ISO 8601 UTC, e.g. "2024-01-31T10:00:00.000Z".'),
    last_modified_date: z.string().nullable(),
    system_modstamp: z.string().nullable().describe('Last change by a user or an automated process; the sync cursor.')
};

export function systemFieldsOf(record: SalesforceRecord): { created_date: string | null; last_modified_date: string | null; system_modstamp: string | null } {
    return {
        created_date: dateTime(record, 'CreatedDate'),
        last_modified_date: dateTime(record, 'LastModifiedDate'),
        system_modstamp: dateTime(record, 'SystemModstamp')
    };
}

export const customFieldsSchema = z
    .record(z.string(), z.unknown())
    .describe('Values of the extra fields named in the connection metadata (extraFields), keyed by their API names, e.g. {"Region__c": "EMEA"}.');
