/**
 * Every action, through its compiled bundle in Nango's sandbox, against the emulator over real HTTP; outputs are
 * validated against the compiled JSON schemas and checked against the emulator's store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { checkedAction } from './checked-action.js';

let emulator: EmulatorHandle;

beforeAll(async () => {
    emulator = await startEmulator({ seed: 7, volume: 30, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
});

const action = checkedAction(() => emulator);

function firstAccount() {
    const account = emulator.org.list('Account')[0];
    if (!account) throw new Error('no seeded account');
    return account as Record<string, any>;
}

describe('record actions end to end', () => {
    it('create, get, update, delete a record; a second delete reports alreadyDeleted', async () => {
        const before = emulator.org.count('Account');
        const created = await action('create-record', { sObject: 'Account', record: { Name: 'E2E Corp', Industry: 'Technology' } });
        expect(created.error).toBeUndefined();
        const recordId = (created.output as { recordId: string }).recordId;
        expect(recordId).toMatch(/^001[A-Za-z0-9]{15}$/);
        expect(emulator.org.count('Account')).toBe(before + 1);

        const got = await action('get-record', { sObject: 'Account', recordId, fields: ['Id', 'Name', 'Industry'] });
        expect(got.output).toMatchObject({ record: { Id: recordId, Name: 'E2E Corp', Industry: 'Technology', attributes: { type: 'Account' } } });

        const updated = await action('update-record', { sObject: 'Account', recordId: recordId.slice(0, 15), record: { Industry: 'Banking' } });
        expect(updated.output).toEqual({ recordId, success: true });
        expect(emulator.org.get(recordId)?.['Industry']).toBe('Banking');

        expect((await action('delete-record', { sObject: 'Account', recordId })).output).toEqual({ recordId, success: true, alreadyDeleted: false });
        const again = await action('delete-record', { sObject: 'Account', recordId });
        expect(again.output).toEqual({ recordId, success: true, alreadyDeleted: true });
        const read = await action('get-record', { sObject: 'Account', recordId });
        expect(read.error?.payload).toMatchObject({ type: 'entity_deleted' });
    });

    it('a create that Salesforce refuses reports the required field', async () => {
        const result = await action('create-record', { sObject: 'Account', record: { Industry: 'Technology' } });
        expect(result.error?.payload).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'], status: 400 });
    });

    it('upsert creates then updates by external id; update-by-external-id never creates', async () => {
        const key = { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'E2E-1 & co' };
        const first = await action('upsert-record', { ...key, record: { Amount__c: 10, Status__c: 'Draft' } });
        expect(first.output).toMatchObject({ success: true, created: true });
        const second = await action('upsert-record', { ...key, record: { Amount__c: 20 } });
        expect(second.output).toMatchObject({ recordId: (first.output as { recordId: string }).recordId, created: false });

        const byExt = await action('get-record-by-external-id', { ...key, fields: ['Id', 'Amount__c'] });
        expect(byExt.output).toMatchObject({ record: { Amount__c: 20 } });

        const invoices = emulator.org.count('Invoice__c');
        const missing = await action('update-record-by-external-id', { ...key, externalId: 'NO-SUCH-INVOICE', record: { Amount__c: 1 } });
        expect(missing.error?.payload).toMatchObject({ type: 'not_found', status: 404 });
        expect(emulator.org.count('Invoice__c')).toBe(invoices);

        const paid = await action('update-record-by-external-id', { ...key, record: { Status__c: 'Paid' } });
        expect(paid.output).toMatchObject({ success: true });
    });

    it('an external id shared by two records is reported with both ids', async () => {
        const account = firstAccount();
        const contacts = emulator.org.list('Contact').slice(0, 2) as Array<Record<string, any>>;
        for (const c of contacts) emulator.org.update('Contact', c['Id'], { Email: 'shared@e2e.example' });
        const result = await action('get-record-by-external-id', { sObject: 'Contact', externalIdField: 'Email', externalId: 'shared@e2e.example' });
        expect(result.error?.payload).toMatchObject({ type: 'multiple_matches', status: 300 });
        expect([...result.error?.payload.matchingRecordIds].sort()).toEqual(contacts.map((c) => c['Id']).sort());
        expect(account['Id']).toBeDefined();
    });
});

describe('query actions end to end', () => {
    it('pages through a query with query-records and retrieve-query-more, seeing every row once', async () => {
        const total = emulator.org.count('Contact');
        const first = await action('query-records', { query: 'SELECT Id, Name, Account.Name FROM Contact ORDER BY Id', batchSize: 200 });
        const page = first.output as { totalSize: number; done: boolean; records: Array<{ Id: string }>; nextRecordsUrl: string | null };
        expect(page.totalSize).toBe(total);
        const ids = page.records.map((r) => r.Id);
        let next = page.nextRecordsUrl;
        while (next) {
            const more = (await action('retrieve-query-more', { nextRecordsUrl: next })).output as typeof page;
            ids.push(...more.records.map((r) => r.Id));
            next = more.nextRecordsUrl;
        }
        expect(new Set(ids).size).toBe(total);
        expect(ids).toEqual([...ids].sort());
    });

    it('query-all-records sees deleted rows that query-records does not', async () => {
        const account = firstAccount();
        emulator.org.delete('Account', account['Id']);
        const soql = `SELECT Id, IsDeleted FROM Account WHERE Id = '${account['Id']}'`;
        expect((await action('query-records', { query: soql })).output).toMatchObject({ totalSize: 0, records: [] });
        expect((await action('query-all-records', { query: soql })).output).toMatchObject({ totalSize: 1, records: [{ Id: account['Id'], IsDeleted: true }] });
    });

    it('reports a bad query with Salesforce error code', async () => {
        const result = await action('query-records', { query: 'SELECT Nme FROM Contact' });
        expect(result.error?.payload).toMatchObject({ errorCode: 'INVALID_FIELD', status: 400 });
    });

    it('refuses a locator of another resource without calling the org', async () => {
        emulator.resetStats();
        const result = await action('retrieve-query-more', { nextRecordsUrl: '/services/data/v66.0/sobjects/Account' });
        expect(result.error?.payload).toMatchObject({ type: 'invalid_input' });
        expect(emulator.stats().calls).toBe(0);
    });
});

describe('describe actions end to end', () => {
    it('describe-global lists the seeded objects, custom ones on request', async () => {
        const all = (await action('describe-global', {})).output as { sobjects: Array<{ name: string }> };
        for (const name of ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'User', 'Invoice__c']) {
            expect(all.sobjects.map((o) => o.name)).toContain(name);
        }
        const custom = (await action('describe-global', { customOnly: true })).output as { sobjects: Array<{ name: string; custom: boolean }> };
        expect(custom.sobjects.length).toBeGreaterThan(0);
        expect(custom.sobjects.every((o) => o.custom)).toBe(true);
    });

    it('describe-sobject summarises the custom object and its external-id field', async () => {
        const result = await action('describe-sobject', { sObject: 'Invoice__c', customFieldsOnly: true });
        const fields = (result.output as { fields: Array<{ name: string; externalId: boolean; custom: boolean }> }).fields;
        expect(fields.every((f) => f.custom)).toBe(true);
        expect(fields.find((f) => f.name === 'External_Id__c')).toMatchObject({ externalId: true });
    });

    it('get-sobject-basic-info returns the object summary and recent items', async () => {
        const result = await action('get-sobject-basic-info', { sObject: 'Account' });
        expect(result.output).toMatchObject({ object: { name: 'Account', keyPrefix: '001' } });
        const unknown = await action('get-sobject-basic-info', { sObject: 'NoSuchObject__c' });
        expect(unknown.error?.payload).toMatchObject({ type: 'not_found', status: 404 });
    });
});
