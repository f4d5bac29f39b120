/**
 * Syncs that heal themselves, through their compiled bundles: Bulk jobs that fail or vanish fall back to REST in the
 * same run, writes committed late are not skipped, QUERY_TIMEOUT on big windows makes lasting progress, cheap
 * reconciliation, archived activities that stay put.
 */
import { describe, expect, it } from 'vitest';

import type { EmulatorHandle } from '../../emulator/src/index.js';
import { RecordCache, runFunction, type RunResult } from './runtime.js';
import { syncHarness } from './sync-harness.js';

const { start, sync, ids } = syncHarness({ seed: 31 });
const calls = (e: EmulatorHandle, pattern: RegExp) => Object.entries(e.stats().byEndpoint).filter(([k]) => pattern.test(k)).reduce((n, [, v]) => n + v, 0);

describe('Bulk API 2.0 that falls back', () => {
    it.each(['Failed', 'Aborted', 'NotFound'] as const)('a job that ends %s: the same run finishes over REST, the job is deleted, the next run is normal', async (outcome) => {
        const e = await start({ volume: { Contact: 2500, default: 5 }, pageSize: 1000 });
        e.bulk.injectJobFault({ outcome, afterPolls: 1 });
        const cache = new RecordCache();
        const first = await sync('contacts', { cache, metadata: { bulkThreshold: 1000 } });
        expect(first.logs.join('\n')).toMatch(/Reading Contact through the REST API instead/);
        expect(cache.ids('SalesforceContact')).toEqual(ids('Contact'));
        expect(first.checkpoint).toMatchObject({ initial_load_done: true, bulk_job_id: '', bulk_refused: true });
        expect(calls(e, /^DELETE \/jobs\/query/)).toBe(1);
        e.resetStats();
        const changed = String(e.org.list('Contact')[3]?.['Id']);
        e.org.update('Contact', changed, { Title: 'After the fallback' });
        const second = await sync('contacts', { cache, checkpoint: first.checkpoint, metadata: { bulkThreshold: 1000 } });
        expect(second.saved['SalesforceContact']?.map((c) => c.id)).toEqual([changed]);
        expect(calls(e, /jobs\/query|recordCount/)).toBe(0);
    });

    it('a job Salesforce refuses at creation: REST in the same run, and the next runs never ask for Bulk again', async () => {
        const e = await start({ volume: { Account: 1500, default: 5 }, pageSize: 1000, bulkUnsupportedObjects: ['Account'] });
        const cache = new RecordCache();
        const crashed = await runFunction('accounts', { hostport: e.url, connectionId: e.connectionId, cache, failOnSaveCall: 1, metadata: { lagSeconds: 0, bulkThreshold: 1000 } });
        // the run died on its first save after the refusal: the refusal is remembered
        expect(crashed.checkpoint).toMatchObject({ bulk_refused: true, cursor_ts: '' });
        e.resetStats();
        await sync('accounts', { cache, checkpoint: crashed.checkpoint, metadata: { bulkThreshold: 1000 } });
        expect(calls(e, /jobs\/query|recordCount/)).toBe(0);
        expect(cache.ids('SalesforceAccount')).toEqual(ids('Account'));
    });

    it('results that expire between two runs: the next run falls back to REST and loses nothing', async () => {
        const e = await start({ volume: { Contact: 2500, default: 5 }, pageSize: 1000, apiBudget: 1000 });
        const cache = new RecordCache();
        // stop after the first results page (quota), with the job checkpointed
        e.setApiUsage(795);
        const first = await sync('contacts', { cache, metadata: { bulkThreshold: 1000 } });
        expect(first.checkpoint?.['bulk_job_id']).not.toBe('');
        e.setApiUsage(0);
        e.bulk.setResultsLifetimeMs(0);
        const second = await sync('contacts', { cache, checkpoint: first.checkpoint, metadata: { bulkThreshold: 1000 } });
        expect(second.logs.join('\n')).toMatch(/through the REST API instead/);
        expect(cache.ids('SalesforceContact')).toEqual(ids('Contact'));
        expect(second.checkpoint).toMatchObject({ initial_load_done: true, bulk_job_id: '' });
    });

    it('a query Bulk cannot run (a compound address field) never goes to Bulk', async () => {
        const e = await start({ volume: { Account: 1500, default: 5 }, pageSize: 1000 });
        const result = await sync('records-by-soql', { metadata: { soqlQuery: 'SELECT Name, BillingAddress FROM Account', bulkThreshold: 100 } });
        expect(result.saved['SalesforceSoqlRecord']).toHaveLength(e.org.count('Account'));
        expect(result.logs.join('\n')).toMatch(/not using Bulk API 2.0 for the first load \(BillingAddress is a address field\)/);
        expect(calls(e, /jobs\/query/)).toBe(0);
    });

    it('a finished Bulk load deletes its job, and the quota guard sees Bulk calls', async () => {
        const e = await start({ volume: { Contact: 25_000, default: 5 }, apiBudget: 1000 });
        e.setApiUsage(795);
        const cache = new RecordCache();
        const first = await sync('contacts', { cache, metadata: { bulkThreshold: 1000 } });
        // the describe, getUpdated, the count, the job, a poll or two and the first results pages reach 80%
        expect(first.logs.join('\n')).toMatch(/stopping early/);
        expect(first.checkpoint?.['bulk_job_id']).not.toBe('');
        e.setApiUsage(0);
        const second = await sync('contacts', { cache, checkpoint: first.checkpoint, metadata: { bulkThreshold: 1000 } });
        expect(second.checkpoint).toMatchObject({ initial_load_done: true, bulk_job_id: '' });
        expect(cache.ids('SalesforceContact')).toEqual(ids('Contact'));
        expect(calls(e, /^DELETE \/jobs\/query/)).toBe(1);
    });
});

describe('writes committed late', () => {
    const cases: Array<{ sync: string; model: string; type: string; write: (e: EmulatorHandle, tx: ReturnType<EmulatorHandle['org']['beginLongTransaction']>) => string[]; metadata?: Record<string, unknown> }> = [
        { sync: 'accounts', model: 'SalesforceAccount', type: 'Account', write: (_e, tx) => [0, 1, 2].map((i) => tx.insert('Account', { Name: `Batch ${i}` })) },
        { sync: 'contacts', model: 'SalesforceContact', type: 'Contact', write: (_e, tx) => [0, 1].map((i) => tx.insert('Contact', { LastName: `Batch ${i}` })) },
        { sync: 'opportunities', model: 'SalesforceOpportunity', type: 'Opportunity', write: (_e, tx) => [tx.insert('Opportunity', { Name: 'Batch deal', StageName: 'Prospecting', CloseDate: '2027-01-31' })] },
        { sync: 'cases', model: 'SalesforceCase', type: 'Case', write: (_e, tx) => [tx.insert('Case', { Subject: 'Batch case' })] },
        { sync: 'tickets', model: 'SalesforceTicket', type: 'Case', write: (_e, tx) => [tx.insert('Case', { Subject: 'Batch ticket' })] },
        {
            sync: 'users',
            model: 'SalesforceUser',
            type: 'User',
            write: (e, tx) => {
                const user = String(e.org.list('User')[2]?.['Id']);
                tx.update(user, { Title: 'Changed by a nightly batch' });
                return [user];
            }
        },
        { sync: 'records-by-soql', model: 'SalesforceSoqlRecord', type: 'Invoice__c', write: (_e, tx) => [tx.insert('Invoice__c', { Amount__c: 10 })], metadata: { soqlQuery: 'SELECT Name, Amount__c FROM Invoice__c' } }
    ];

    it.each(cases)('$sync: rows stamped 10 minutes before they commit are all there after the next run', async ({ sync: name, model, type, write, metadata }) => {
        const e = await start({ volume: 40, pageSize: 200 });
        const cache = new RecordCache();
        const first = await sync(name, { cache, ...(metadata ? { metadata } : {}) });
        // a nightly batch starts 10 minutes ago and is still running; meanwhile other writes happen and commit
        const tx = e.org.beginLongTransaction({ at: Date.now() - 10 * 60_000 });
        const late = write(e, tx);
        // a record stamped now: without the bound, the cursor would move past the transaction's rows
        e.org.setSystemModstamp(String(e.org.list(type)[5]?.['Id']), new Date().toISOString());
        const during = await sync(name, { cache, checkpoint: first.checkpoint, ...(metadata ? { metadata } : {}) });
        // the run stays behind the open transaction: its cursor is not past the transaction's start
        expect(new Date(String(during.checkpoint?.['cursor_ts'])).getTime()).toBeLessThanOrEqual(tx.startedAt);
        tx.commit();
        const after = await sync(name, { cache, checkpoint: during.checkpoint, ...(metadata ? { metadata } : {}) });
        for (const id of late) expect(cache.ids(model)).toContain(id);
        if (name === 'users') expect((cache.records.get(model)?.get(late[0] ?? '') as Record<string, unknown>)['title']).toBe('Changed by a nightly batch');
        expect(after.error).toBeUndefined();
    });
});

describe('cheap reconciliation', () => {
    it('10,000 accounts with 100 purged: exactly those removed, ids only, no record re-read', async () => {
        const e = await start({ volume: { Account: 10_000, default: 5 } });
        const cache = new RecordCache();
        const first = await sync('accounts', { cache });
        const purged = e.org.list('Account').slice(0, 100).map((a) => String(a['Id']));
        purged.forEach((id) => e.org.hardDelete(id));
        e.resetStats();
        const due = { ...(first.checkpoint ?? {}), reconciled_at: '2000-01-01T00:00:00.000Z' };
        const result = await sync('accounts', { cache, checkpoint: due });
        expect(cache.ids('SalesforceAccount')).toEqual(ids('Account'));
        expect(result.deleted['SalesforceAccount']?.map((r) => r.id).sort()).toEqual(purged.sort());
        expect(result.saved['SalesforceAccount'] ?? []).toEqual([]);
        // describe, getUpdated, the incremental page, the record count (Bulk or REST for the ids), ceil(9,900 / 2,000) id pages
        expect(e.stats().calls).toBe(4 + Math.ceil(9_900 / 2_000));
    });

    it('while the delete log covers the period (nothing purged since), one getDeleted call replaces the id read', async () => {
        const e = await start({ volume: { Account: 3_000, default: 5 } });
        const cache = new RecordCache();
        const first = await sync('accounts', { cache });
        const deleted = e.org.list('Account').slice(0, 30).map((a) => String(a['Id']));
        // deleted two minutes ago, in a minute the delete log covers: the incremental pass removes them, the log lists
        // them too, and they are neither removed twice nor looked up
        deleted.forEach((id) => e.org.delete('Account', id, { at: Date.now() - 2 * 60_000 }));
        e.resetStats();
        const lastWeek = new Date(Date.now() - 8 * 86_400_000).toISOString();
        const result = await sync('accounts', { cache, checkpoint: { ...(first.checkpoint ?? {}), reconciled_at: lastWeek }, metadata: { reconcileEveryDays: 7 } });
        expect(cache.ids('SalesforceAccount')).toEqual(ids('Account'));
        expect(result.logs.join('\n')).toMatch(/reconciliation done through the delete log \(getDeleted\)/);
        expect(e.stats().byEndpoint['GET /sobjects/Account/deleted']).toBe(1);
        expect(result.deleted['SalesforceAccount']?.map((r) => r.id).sort()).toEqual([...deleted].sort());
        // the incremental page only: no id read, no lookup of ids this run removed
        expect(calls(e, /^GET \/query/)).toBe(1);

        // a purge (physical delete) since the last reconciliation: the delete log no longer vouches, ids are compared
        const purged = String(e.org.list('Account')[0]?.['Id']);
        e.org.hardDelete(purged);
        e.resetStats();
        const again = await sync('accounts', { cache, checkpoint: { ...(result.checkpoint ?? {}), reconciled_at: lastWeek }, metadata: { reconcileEveryDays: 7 } });
        expect(again.logs.join('\n')).toMatch(/delete log of Account only reaches back to/);
        expect(again.logs.join('\n')).toMatch(/reconciliation done through comparing/);
        expect(cache.ids('SalesforceAccount')).toEqual(ids('Account'));
    });

    it('a record deleted and undeleted since the last reconciliation is kept: the delete log still lists it, the lookup of listed ids finds it live', async () => {
        const e = await start({ volume: { Account: 300, default: 5 } });
        const cache = new RecordCache();
        const first = await sync('accounts', { cache });
        const id = String(e.org.list('Account')[0]?.['Id']);
        // deleted two days ago, restored now: the restore moves SystemModstamp, so the next run saves the record again
        e.org.delete('Account', id, { at: Date.now() - 2 * 86_400_000 });
        e.org.undelete(id);
        const second = await sync('accounts', { cache, checkpoint: first.checkpoint });
        expect(second.saved['SalesforceAccount']?.map((r) => r.id)).toEqual([id]);
        // a reconciliation due in a later run, which does not save the record: getDeleted still lists its delete
        e.resetStats();
        const lastWeek = new Date(Date.now() - 8 * 86_400_000).toISOString();
        const result = await sync('accounts', { cache, checkpoint: { ...(second.checkpoint ?? {}), reconciled_at: lastWeek }, metadata: { reconcileEveryDays: 7 } });
        expect(result.logs.join('\n')).toMatch(/reconciliation done through the delete log \(getDeleted\); 0 records/);
        expect(e.stats().byEndpoint['GET /sobjects/Account/deleted']).toBe(1);
        expect(result.saved['SalesforceAccount'] ?? []).toEqual([]);
        expect(result.deleted['SalesforceAccount'] ?? []).toEqual([]);
        expect(cache.ids('SalesforceAccount')).toContain(id);
    });

    it('records-by-soql: rows that no longer match the WHERE are removed by reconciliation', async () => {
        const e = await start({ volume: { Invoice__c: 200, default: 5 } });
        const cache = new RecordCache();
        const soqlQuery = "SELECT Name FROM Invoice__c WHERE Status__c = 'Paid'";
        const first = await sync('records-by-soql', { cache, metadata: { soqlQuery } });
        const paid = e.org.list('Invoice__c').filter((r) => r['Status__c'] === 'Paid');
        expect(paid.length).toBeGreaterThan(2);
        const voided = paid.slice(0, 2).map((r) => String(r['Id']));
        voided.forEach((id) => e.org.update('Invoice__c', id, { Status__c: 'Void' }));
        const due = { ...(first.checkpoint ?? {}), reconciled_at: '2000-01-01T00:00:00.000Z' };
        await sync('records-by-soql', { cache, checkpoint: due, metadata: { soqlQuery } });
        for (const id of voided) expect(cache.ids('SalesforceSoqlRecord')).not.toContain(id);
        expect(cache.ids('SalesforceSoqlRecord')).toHaveLength(paid.length - 2);
    });
});

describe('archived activities', () => {
    it('archived tasks are stable across 5 runs with reconciliation: never deleted and re-added', async () => {
        const e = await start({ volume: { Task: 120, default: 10 }, archivedTasks: 30 });
        const archived = e.org.list('Task').filter((t) => t['IsArchived'] === true);
        const soqlQuery = 'SELECT Subject, Status FROM Task';
        const cache = new RecordCache();
        let checkpoint: Record<string, unknown> | null = null;
        const all = ids('Task');
        for (let run = 0; run < 5; run++) {
            const result: RunResult = await sync('records-by-soql', { cache, ...(checkpoint ? { checkpoint: { ...checkpoint, reconciled_at: '2000-01-01T00:00:00.000Z' } } : {}), metadata: { soqlQuery } });
            expect(result.deleted['SalesforceSoqlRecord'] ?? []).toEqual([]);
            expect(cache.ids('SalesforceSoqlRecord')).toEqual(all);
            checkpoint = result.checkpoint;
            // archiving touches SystemModstamp: the next run saves those tasks again, as live
            if (run === 2) e.org.archive(e.org.list('Task').filter((t) => t['IsArchived'] !== true).slice(0, 5).map((t) => String(t['Id'])));
        }
        expect(archived.length).toBeGreaterThan(0);
    });
});
