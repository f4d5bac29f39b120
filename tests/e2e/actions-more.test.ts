/**
 * Composite, collections, search, quick actions and org/user actions through their compiled bundles against the
 * emulator, checked against its store and its call counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { checkedAction } from './checked-action.js';
import { type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    emulator = await startEmulator({ seed: 5, volume: 40, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
});

const action = checkedAction(() => emulator);
const out = (r: RunResult) => r.output as any;
const salesforceCalls = () => emulator.stats().calls;

describe('sObject Collections', () => {
    it('creates 1,234 contacts in two API calls, results in input order', async () => {
        const before = emulator.org.count('Contact');
        const records = Array.from({ length: 1234 }, (_, i) => ({ LastName: `Bulk ${i}`, Email: `bulk${i}@e2e.example` }));
        emulator.resetStats();
        const result = await action('create-sobject-collection', { sObject: 'Contact', records });
        expect(result.error).toBeUndefined();
        expect(salesforceCalls()).toBe(2);
        expect(out(result)).toMatchObject({ success: true, apiCalls: 2, batches: [{ fromIndex: 0, toIndex: 999, status: 'committed' }, { fromIndex: 1000, toIndex: 1233, status: 'committed' }] });
        expect(emulator.org.count('Contact')).toBe(before + 1234);
        const results = out(result).results as Array<{ index: number; recordId: string }>;
        expect(results.map((r) => r.index)).toEqual(records.map((_, i) => i));
        expect(results.slice(0, 5).map((r) => emulator.org.get(r.recordId)?.['LastName'])).toEqual(['Bulk 0', 'Bulk 1', 'Bulk 2', 'Bulk 3', 'Bulk 4']);
        expect(emulator.org.get(results[1233]?.recordId ?? '')?.['LastName']).toBe('Bulk 1233');
    });

    it('with allOrNone, one bad record rolls back its whole call and nothing is written', async () => {
        const before = emulator.org.count('Contact');
        const records = Array.from({ length: 300 }, (_, i) => (i === 250 ? { Email: 'no-last-name@e2e.example' } : { LastName: `Atomic ${i}` }));
        const result = await action('create-sobject-collection', { sObject: 'Contact', records, allOrNone: true });
        expect(out(result)).toMatchObject({ success: false, batches: [{ status: 'rolled_back' }] });
        expect(out(result).results[250].errors[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
        expect(emulator.org.count('Contact')).toBe(before);
    });

    it('updates, upserts and deletes many records', async () => {
        const contacts = emulator.org.list('Contact').slice(0, 3);
        const updated = await action('update-sobject-collection', { sObject: 'Contact', records: contacts.map((c) => ({ recordId: String(c['Id']), record: { Title: 'VP' } })) });
        expect(out(updated).success).toBe(true);
        expect(contacts.map((c) => emulator.org.get(String(c['Id']))?.['Title'])).toEqual(['VP', 'VP', 'VP']);

        const existing = String(emulator.org.list('Invoice__c')[0]?.['External_Id__c']);
        const upserted = await action('upsert-sobject-collection', {
            sObject: 'Invoice__c',
            externalIdField: 'External_Id__c',
            records: [{ External_Id__c: existing, Amount__c: 1 }, { External_Id__c: 'E2E-NEW-1', Amount__c: 2 }]
        });
        expect(out(upserted).results.map((r: { created: boolean }) => r.created)).toEqual([false, true]);

        const ids = out(upserted).results.map((r: { recordId: string }) => r.recordId);
        const deleted = await action('delete-sobject-collection', { recordIds: [...ids, String(contacts[0]?.['Id'])] });
        expect(out(deleted).success).toBe(true);
        expect(emulator.org.list('Invoice__c').map((r) => r['Id'])).not.toContain(ids[0]);
        const again = await action('delete-sobject-collection', { recordIds: [ids[0]] });
        expect(out(again).results[0]).toEqual({ index: 0, recordId: ids[0], success: true, alreadyDeleted: true, errors: [] });
        const strict = await action('delete-sobject-collection', { recordIds: [ids[0]], allOrNone: true });
        expect(out(strict).results[0]).toMatchObject({ recordId: ids[0], success: false, errors: [{ errorCode: 'ENTITY_IS_DELETED' }] });
    });
});

describe('composite', () => {
    it('composite-request creates an account and a contact that references it in one call', async () => {
        emulator.resetStats();
        const result = await action('composite-request', {
            allOrNone: true,
            compositeRequest: [
                { method: 'POST', url: '/services/data/v66.0/sobjects/Account', referenceId: 'NewAccount', body: { Name: 'Composite Co' } },
                { method: 'POST', url: '/services/data/v66.0/sobjects/Contact', referenceId: 'NewContact', body: { LastName: 'Ref', AccountId: '@{NewAccount.id}' } }
            ]
        });
        expect(out(result).success).toBe(true);
        expect(salesforceCalls()).toBe(1);
        const contactId = out(result).compositeResponse[1].body.id;
        expect(emulator.org.get(contactId)?.['AccountId']).toBe(out(result).compositeResponse[0].body.id);
    });

    it('composite-request with allOrNone rolls back the first write when the second fails', async () => {
        const before = emulator.org.count('Account');
        const result = await action('composite-request', {
            allOrNone: true,
            compositeRequest: [
                { method: 'POST', url: '/services/data/v66.0/sobjects/Account', referenceId: 'A', body: { Name: 'Rolled Back Co' } },
                { method: 'POST', url: '/services/data/v66.0/sobjects/Contact', referenceId: 'C', body: { AccountId: '@{A.id}' } }
            ]
        });
        expect(out(result).success).toBe(false);
        expect(out(result).compositeResponse.map((s: { httpStatusCode: number }) => s.httpStatusCode)).toEqual([400, 400]);
        expect(emulator.org.count('Account')).toBe(before);
    });

    it('composite-batch-request halts after the first error', async () => {
        const result = await action('composite-batch-request', {
            haltOnError: true,
            batchRequests: [
                { method: 'GET', url: 'v66.0/sobjects/Account/001000000000000AAA' },
                { method: 'GET', url: 'v66.0/query?q=SELECT+Id+FROM+Account' }
            ]
        });
        expect(out(result).hasErrors).toBe(true);
        expect(out(result).results.map((r: { statusCode: number }) => r.statusCode)).toEqual([404, 412]);
    });

    it('composite-graph-request commits a good graph and rolls back a bad one', async () => {
        const before = emulator.org.count('Account');
        const result = await action('composite-graph-request', {
            graphs: [
                { graphId: 'good', compositeRequest: [{ method: 'POST', url: '/services/data/v66.0/sobjects/Account', referenceId: 'a', body: { Name: 'Graph Good' } }] },
                {
                    graphId: 'bad',
                    compositeRequest: [
                        { method: 'POST', url: '/services/data/v66.0/sobjects/Account', referenceId: 'a', body: { Name: 'Graph Bad' } },
                        { method: 'POST', url: '/services/data/v66.0/sobjects/Contact', referenceId: 'c', body: { AccountId: '@{a.id}' } }
                    ]
                }
            ]
        });
        expect(out(result).graphs.map((g: { isSuccessful: boolean }) => g.isSuccessful)).toEqual([true, false]);
        expect(emulator.org.count('Account')).toBe(before + 1);
    });
});

describe('search', () => {
    it('search-records finds an account by a term with reserved characters', async () => {
        const created = await action('create-record', { sObject: 'Account', record: { Name: 'Zyx-Plus (EMEA) & Co' } });
        const result = await action('search-records', { searchTerm: 'Zyx-Plus (EMEA)', in: 'NAME', objects: [{ sObject: 'Account', fields: ['Id', 'Name'] }] });
        expect(out(result).searchRecords.map((r: { Id: string }) => r.Id)).toContain(out(created).recordId);
    });

    it('parameterized-search-records finds it too, with a filter', async () => {
        const result = await action('parameterized-search-records', {
            searchTerm: 'Zyx-Plus',
            objects: [{ sObject: 'Account', fields: ['Id', 'Name'], where: [{ field: 'Name', operator: 'CONTAINS', value: 'EMEA' }] }]
        });
        expect(out(result).searchRecords.map((r: { Name: string }) => r.Name)).toEqual(['Zyx-Plus (EMEA) & Co']);
    });
});

describe('quick actions, recent items, org and user', () => {
    it('lists quick actions and reads LogACall defaults in the context of an account', async () => {
        const global = await action('list-quick-actions', {});
        expect(out(global).quickActions.map((a: { name: string }) => a.name)).toContain('LogACall');
        const perObject = await action('list-quick-actions', { sObject: 'Account' });
        expect(out(perObject).quickActions.length).toBeGreaterThan(out(global).quickActions.length);
        const account = String(emulator.org.list('Account')[0]?.['Id']);
        const defaults = await action('get-quick-action-defaults', { actionName: 'LogACall', contextId: account });
        expect(out(defaults).defaultValues).toMatchObject({ Subject: 'Call', WhatId: account });
    });

    it('lists recent items, resources, limits and the current user', async () => {
        expect(out(await action('list-recent-items', { limit: 3 })).recentItems.length).toBeLessThanOrEqual(3);
        const resources = out(await action('list-available-resources', {}));
        expect(resources.apiVersion).toBe('v66.0');
        expect(resources.resources).toHaveProperty('sobjects');
        expect(resources.versions.map((v: { version: string }) => v.version)).toContain('66.0');
        const limits = out(await action('get-limits', { names: ['DailyApiRequests'] }));
        expect(limits.limits[0]).toMatchObject({ name: 'DailyApiRequests', max: 100000 });
        expect(limits.limits[0].used).toBeGreaterThan(0);
        const user = out(await action('get-current-user', {}));
        const apiUser = emulator.org.list('User')[0];
        expect(user).toMatchObject({ userId: apiUser?.['Id'], username: apiUser?.['Username'], active: true });
        expect(user.organizationId).toMatch(/^00D/);
    });
});
