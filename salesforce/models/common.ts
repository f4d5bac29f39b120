/** Fields every synced model carries. */
import * as z from 'zod';

import { dateTime } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';

export const systemFields = ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'] as const;

export const systemFieldsSchema = {
    created_date: z.string().nullable().describe('ISO 8601 UTC, e.g. "2024-01-31T10:00:00.000Z".'),
    last_modified_date: z.string().nullable().describe('Last change by a user, ISO 8601 UTC, e.g. "2024-01-31T10:00:00.000Z".'),
    system_modstamp: z.string().nullable().describe('Last change by a user or an automated process; the sync cursor.')
};

export function systemFieldsOf(record: SalesforceRecord): { created_date: string | null; last_modified_date: string | null; system_modstamp: string | null } {
    return {
        created_date: dateTime(record['CreatedDate']),
        last_modified_date: dateTime(record['LastModifiedDate']),
        system_modstamp: dateTime(record['SystemModstamp'])
    };
}

export const customFieldsSchema = z
    .record(z.string(), z.unknown())
    .describe('Values of the extra fields named in the connection metadata (extraFields), keyed by their API names, e.g. {"Region__c": "EMEA"}.');

/**
 * The description of a parent's name copied onto a record (`Account.Name`, `Owner.Name`, `Profile.Name`…).
 * Renaming the parent does not change the child's SystemModstamp, so the copy is as of the child's last change.
 */
export function parentNameNote(what: string, idField: string): string {
    return (
        `${what} as of this record's last change: renaming the ${what.replace(/^Name of the /, '')} does not change this record, so the value can be stale ` +
        `until this record next changes, or the sync re-reads every record (after a settings change). For the current name, join on ${idField}.`
    );
}

/** CurrencyIsoCode: only multi-currency orgs have it; elsewhere the sync leaves it out and the model says null. */
export const CURRENCY_FIELDS = ['CurrencyIsoCode'] as const;

export const currencyIsoCodeSchema = z
    .string()
    .nullable()
    .describe('ISO 4217 code of the currency the record\'s amounts are in, e.g. "EUR"; null in orgs without multi-currency (amounts are then in the org\'s currency).');
