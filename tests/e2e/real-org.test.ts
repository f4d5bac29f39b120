/**
 * The syncs against the hard org, through their compiled bundles: one record format whichever API read it (Bulk
 * API 2.0 or REST), settings changes that reach every row, and objects that lack what a sync assumes.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { RecordCache, runFunction, type RunOptions, type RunResult } from './runtime.js';

let emulator: EmulatorHandle | undefined;
afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
});

async function start(options: Parameters<typeof startEmulator>[0]): Promise<EmulatorHandle> {
    emulator = await startEmulator({ seed: 23, proxyRetryBaseMs: 1, ...options });
    return emulator;
}

async function sync(name: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
    if (!emulator) throw new Error('no emulator');
    const result = await runFunction(name, {
        hostport: emulator.url,
        connectionId: emulator.connectionId,
        validate: true,
        ...options,
        metadata: { lagSeconds: 0, ...(options.metadata ?? {}) }
    });
    expect(result.invalid, `${name} records must match the model`).toEqual([]);
    expect(result.error).toBeUndefined();
    return result;
}

const byId = (records: Array<{ id: string }> | undefined) => JSON.stringify([...(records ?? [])].sort((a, b) => a.id.localeCompare(b.id)));
const ids = (type: string) => (emulator?.org.list(type) ?? []).map((r) => String(r['Id'])).sort();

describe('one record format', () => {
    it('the same contacts loaded through Bulk API 2.0 and through REST are saved byte-identical', async () => {
        const e = await start({ volume: { Contact: 1200, Account: 40, default: 5 }, pageSize: 500 });
        // empty lookups, numbers and dates through relationship paths, booleans and date-times in custom_fields
        const contacts = e.org.list('Contact');
        for (const contact of contacts.slice(0, 50)) e.org.update('Contact', String(contact['Id']), { AccountId: null });
        const extraFields = { Contact: ['HasOptedOutOfEmail', 'Account.CreatedDate', 'Account.NumberOfEmployees', 'Account.LastActivityDate', 'Account.Owner.Name', 'CreatedBy.Name', 'Salutation'] };
        const bulk = await sync('contacts', { metadata: { bulkThreshold: 1000, extraFields } });
        expect(e.stats().byEndpoint['POST /jobs/query']).toBe(1);
        e.resetStats();
        const rest = await sync('contacts', { metadata: { bulkThreshold: 0, extraFields } });
        expect(e.stats().byEndpoint['POST /jobs/query']).toBeUndefined();

        expect(bulk.saved['SalesforceContact']).toHaveLength(contacts.length);
        expect(byId(bulk.saved['SalesforceContact'])).toBe(byId(rest.saved['SalesforceContact']));
        const sample = rest.saved['SalesforceContact']?.find((c) => c.account_id !== null);
        expect(typeof sample?.custom_fields['Account.NumberOfEmployees']).toBe('number');
        expect(typeof sample?.custom_fields['HasOptedOutOfEmail']).toBe('boolean');
        expect(sample?.created_date).toMatch(/\.\d{3}Z$/);
        const orphan = rest.saved['SalesforceContact']?.find((c) => c.account_id === null);
        expect(orphan?.custom_fields['Account.NumberOfEmployees']).toBeNull();
    });

    it('records-by-soql rows read by Bulk and by REST are identical, nested relationship objects included', async () => {
        const e = await start({ volume: { Invoice__c: 900, default: 10 }, pageSize: 400 });
        for (const invoice of e.org.list('Invoice__c').slice(0, 20)) e.org.update('Invoice__c', String(invoice['Id']), { Account__c: null });
        const soqlQuery = 'SELECT Name, Amount__c, Paid__c, Due_Date__c, CreatedDate, Account__r.Name, Account__r.NumberOfEmployees FROM Invoice__c';
        const bulk = await sync('records-by-soql', { metadata: { soqlQuery, bulkThreshold: 500 } });
        expect(e.stats().byEndpoint['POST /jobs/query']).toBe(1);
        const rest = await sync('records-by-soql', { metadata: { soqlQuery, bulkThreshold: 0 } });
        expect(byId(bulk.saved['SalesforceSoqlRecord'])).toBe(byId(rest.saved['SalesforceSoqlRecord']));
        const rows = rest.saved['SalesforceSoqlRecord'] ?? [];
        expect(rows.some((r) => r.fields.Account__r === null)).toBe(true);
        const linked = rows.find((r) => r.fields.Account__r !== null);
        expect(linked?.fields).toMatchObject({ Amount__c: expect.any(Number), Paid__c: expect.any(Boolean), Account__r: { Name: expect.any(String) } });
        expect(linked?.fields.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });
});

describe('settings changes reach every row', () => {
    it('adding extraFields re-reads every account once: afterwards every record carries the new field', async () => {
        const e = await start({ volume: { Account: 300, default: 5 }, pageSize: 200 });
        const cache = new RecordCache();
        const first = await sync('accounts', { cache });
        expect(Object.keys([...(cache.records.get('SalesforceAccount')?.values() ?? [])][0]?.['custom_fields'] as object)).toEqual([]);
        const second = await sync('accounts', { cache, checkpoint: first.checkpoint, metadata: { extraFields: { Account: ['AccountNumber'] } } });
        expect(second.logs.join('\n')).toContain('re-reading every record');
        const records = [...(cache.records.get('SalesforceAccount')?.values() ?? [])];
        expect(records).toHaveLength(e.org.count('Account'));
        expect(records.every((r) => 'AccountNumber' in (r['custom_fields'] as object))).toBe(true);
        expect(cache.savedTwice('SalesforceAccount')).toEqual([]);
        // the next run with the same settings is incremental again
        const third = await sync('accounts', { cache, checkpoint: second.checkpoint, metadata: { extraFields: { Account: ['AccountNumber'] } } });
        expect(third.saved['SalesforceAccount'] ?? []).toEqual([]);
        expect(cache.ids('SalesforceAccount')).toEqual(ids('Account'));
    });

    it('a re-read stopped by the quota goes on in the next run and closes its window only when complete', async () => {
        const e = await start({ volume: { Contact: 1000, default: 5 }, pageSize: 200, apiBudget: 1000 });
        const cache = new RecordCache();
        const first = await sync('contacts', { cache });
        const gone = String(e.org.list('Contact')[0]?.['Id']);
        e.org.hardDelete(gone);
        e.setApiUsage(795);
        const second = await sync('contacts', { cache, checkpoint: first.checkpoint, metadata: { extraFields: { Contact: ['Salutation'] } } });
        expect(second.logs.join('\n')).toMatch(/stopping early/);
        expect(second.checkpoint).toMatchObject({ reread_active: true, initial_load_done: false });
        // the purged contact stays until the re-read is complete
        expect(cache.ids('SalesforceContact')).toContain(gone);
        e.setApiUsage(0);
        const third = await sync('contacts', { cache, checkpoint: second.checkpoint, metadata: { extraFields: { Contact: ['Salutation'] } } });
        expect(third.checkpoint).toMatchObject({ reread_active: false, initial_load_done: true });
        expect(cache.ids('SalesforceContact')).toEqual(ids('Contact'));
        expect([...(cache.records.get('SalesforceContact')?.values() ?? [])].every((r) => 'Salutation' in (r['custom_fields'] as object))).toBe(true);
    });
});
