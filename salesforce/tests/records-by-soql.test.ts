import { describe, expect, it } from 'vitest';

import sync from '../syncs/records-by-soql.js';
import { EMPTY, NOW, UPDATED_WINDOW, checkpoints, deleted, describePath, failureOf, holds, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceSoqlRecord';
const I1 = 'a0BRO00000InVa12AF';
const I2 = 'a0BRO00000InVb22AF';
const I3 = 'a0BRO00000InVc32AF';
/** An invoice that was Open and is now Paid and small: it no longer matches the query, and no query shows that. */
const I4 = 'a0BRO00000InVd42AF';
const SOQL = "SELECT Name, Amount__c, Account__r.Name FROM Invoice__c WHERE Status__c = 'Open' OR Amount__c > 1000";
const U1 = '005RO00000UsRa1YAF';
const U3 = '005RO00000UsRc3YAF';
const A1 = '001RO00000LxAa1YAF';
const H1 = '017RO00000AhSa1YAF';
const H2 = '017RO00000AhSb2YAF';
const H3 = '017RO00000AhSc3YAF';
/** Settings signatures read from runs: of the fixture's soqlQuery, of the User query and of the AccountHistory query. */
const HASH = '24b0e6064a5cd8318b540d722bea5adc';
const HASH_USER = '04e45126ef10c0e8135717b9a0f8b13c';
const HASH_HISTORY = 'ddc6bf80c75a35705d7f0b2a831dcc27';
const BASE = { ...EMPTY, settings_hash: HASH };
const FIRST_SOQL =
    "SELECT Id, SystemModstamp, Name, Amount__c, Account__r.Name, IsDeleted FROM Invoice__c WHERE (((Status__c = 'Open' OR Amount__c > 1000)) AND (IsDeleted = false)) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC";

describe('salesforce records-by-soql sync', () => {
    useFrozenClock();

    it("first run: one WHERE with the owner's OR condition parenthesised, Id and SystemModstamp added, keyset order; rows saved as returned", async () => {
        const nango = syncMock('records-by-soql', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Invoice__c'), updatedPath('Invoice__c'), '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        const q = requests[2]?.q ?? '';
        expect(q).toBe(FIRST_SOQL);
        expect(q.match(/\bWHERE\b/g)).toHaveLength(1);
        expect(q.endsWith('ORDER BY SystemModstamp ASC, Id ASC')).toBe(true);

        // fields as the describe spells them, typed: datetimes end in Z, an empty lookup is null, no attributes
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(saved(nango, MODEL)[1].fields).toEqual({ Id: I2, SystemModstamp: '2026-11-20T08:15:00.000Z', Name: 'INV-0002', Amount__c: 99.5, Account__r: null });
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(nango.trackDeletesStart).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: I2 },
            { ...BASE, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3 },
            { ...BASE, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: NOW }
        ]);
        // the checkpoint has no query_hash any more: the settings signature covers the query
        expect(checkpoints(nango).at(-1)).not.toHaveProperty('query_hash');
    });

    it('incremental run: keyset condition after the owner condition, deleted rows removed by id only, no IsDeleted in saved fields', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        const start = { ...BASE, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([describePath('Invoice__c'), updatedPath('Invoice__c'), '/services/data/v66.0/queryAll']);
        expect(sent(nango)[2]?.q).toBe(
            `SELECT Id, SystemModstamp, Name, Amount__c, Account__r.Name, IsDeleted FROM Invoice__c WHERE ((Status__c = 'Open' OR Amount__c > 1000)) AND ((SystemModstamp > 2026-11-21T11:11:11.000Z) OR ((SystemModstamp = 2026-11-21T11:11:11.000Z) AND (Id > '${I3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        expect(saved(nango, MODEL)).toEqual([
            {
                id: I2,
                sobject_type: 'Invoice__c',
                system_modstamp: '2026-11-22T10:00:00.000Z',
                fields: { Id: I2, SystemModstamp: '2026-11-22T10:00:00.000Z', Name: 'INV-0002', Amount__c: 2000, Account__r: { Name: 'Acme Corporation' } }
            }
        ]);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: I1 }]);
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T10:30:00.000Z', cursor_id: I1 }]);
    });

    it('a due reconciliation of a query with a WHERE: no getDeleted (it cannot see rows that stopped matching), the ids matching the query compared with what Nango holds', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 7, soqlQuery: SOQL });
        holds(nango, [I2, I3, I4]);
        const start = { ...BASE, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: '2026-11-14T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Invoice__c'), updatedPath('Invoice__c'), '/services/data/v66.0/queryAll', '/services/data/v66.0/query']);
        expect(requests[3]?.q).toBe(
            "SELECT Id, SystemModstamp FROM Invoice__c WHERE ((Status__c = 'Open' OR Amount__c > 1000)) AND (SystemModstamp <= 2026-11-23T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC"
        );
        // I1 deleted by the main pass (queryAll), I4 by the comparison
        expect(nango.batchDelete.mock.calls).toEqual([
            [[{ id: I1 }], MODEL],
            [[{ id: I4 }], MODEL]
        ]);
        expect(logged(nango)).toContain('SalesforceSoqlRecord: reconciliation done through comparing 2 ids with the records Nango holds; 1 records no longer in Salesforce were removed.');
        const afterMain = { ...start, cursor_ts: '2026-11-22T10:30:00.000Z', cursor_id: I1 };
        expect(checkpoints(nango)).toEqual([start, afterMain, { ...afterMain, reconciled_at: NOW }]);
    });

    it('a changed soqlQuery re-reads every row from the first one inside trackDeletesStart/End, so rows of the old query are removed', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        const start = { ...EMPTY, settings_hash: 'f'.repeat(32), cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([describePath('Invoice__c'), updatedPath('Invoice__c'), '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(sent(nango)[2]?.q).toBe(FIRST_SOQL);
        expect(warnings(nango)).toEqual([
            'SalesforceSoqlRecord: what the sync selects changed since the last run (fields the user can read, extra fields, query or record format); re-reading every record, and removing those that no longer match at the end.'
        ]);
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.trackDeletesStart).toHaveBeenCalledWith(MODEL);
        expect(nango.trackDeletesStart.mock.invocationCallOrder[0]).toBeGreaterThan(nango.proxy.mock.invocationCallOrder[1] ?? Infinity);
        expect(nango.trackDeletesStart.mock.invocationCallOrder[0]).toBeLessThan(nango.proxy.mock.invocationCallOrder[2] ?? 0);
        expect(nango.trackDeletesEnd).toHaveBeenCalledWith(MODEL);
        expect(nango.trackDeletesEnd.mock.invocationCallOrder[0]).toBeGreaterThan(nango.batchSave.mock.invocationCallOrder.at(-1) ?? Infinity);
        const reread = { ...BASE, reread_active: true };
        expect(checkpoints(nango)).toEqual([
            start,
            { ...reread, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: I2 },
            { ...reread, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3 },
            { ...BASE, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('an object without IsDeleted (User): read through query, no IsDeleted in the SELECT or WHERE, nothing deleted', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, soqlQuery: 'SELECT Id, Username, IsActive FROM User' });
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('User'), updatedPath('User'), '/services/data/v66.0/query']);
        expect(requests[2]?.q).toBe('SELECT Id, SystemModstamp, Username, IsActive FROM User WHERE SystemModstamp <= 2026-11-22T12:00:00.000Z ORDER BY SystemModstamp ASC, Id ASC');
        expect(requests[2]?.q).not.toContain('IsDeleted');
        expect(saved(nango, MODEL)).toEqual([
            {
                id: U1,
                sobject_type: 'User',
                system_modstamp: '2026-11-20T08:15:00.000Z',
                fields: { Id: U1, SystemModstamp: '2026-11-20T08:15:00.000Z', Username: 'ada@acme.example', IsActive: true }
            },
            {
                id: U3,
                sobject_type: 'User',
                system_modstamp: '2026-11-21T10:00:00.000Z',
                fields: { Id: U3, SystemModstamp: '2026-11-21T10:00:00.000Z', Username: 'old.timer@acme.example', IsActive: false }
            }
        ]);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(warnings(nango)).toEqual([]);
        expect(checkpoints(nango)).toEqual([
            { ...EMPTY, settings_hash: HASH_USER, cursor_ts: '2026-11-21T10:00:00.000Z', cursor_id: U3 },
            { ...EMPTY, settings_hash: HASH_USER, cursor_ts: '2026-11-21T10:00:00.000Z', cursor_id: U3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('a history object (no SystemModstamp or LastModifiedDate): the cursor runs on CreatedDate, ORDER BY CreatedDate, Id; values typed from describe', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, soqlQuery: 'SELECT AccountId, Field, OldValue, NewValue FROM AccountHistory' });
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('AccountHistory'), updatedPath('AccountHistory'), '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(
            'SELECT Id, CreatedDate, AccountId, Field, OldValue, NewValue, IsDeleted FROM AccountHistory WHERE (IsDeleted = false) AND (CreatedDate <= 2026-11-22T12:00:00.000Z) ORDER BY CreatedDate ASC, Id ASC'
        );
        expect(requests[2]?.q).not.toContain('SystemModstamp');
        const rows = saved(nango, MODEL);
        expect(rows.map((r) => [r.id, r.sobject_type, r.system_modstamp])).toEqual([
            [H1, 'AccountHistory', '2026-11-20T08:15:00.000Z'],
            [H2, 'AccountHistory', '2026-11-21T09:00:00.000Z'],
            [H3, 'AccountHistory', '2026-11-21T09:00:00.000Z']
        ]);
        // OldValue and NewValue are anyType: text, as Bulk would give them, whatever JSON type REST sent
        expect(rows[1].fields).toEqual({ Id: H2, CreatedDate: '2026-11-21T09:00:00.000Z', AccountId: A1, Field: 'AnnualRevenue', OldValue: '2000000', NewValue: '2500000' });
        expect(rows[0].fields).toMatchObject({ OldValue: null, NewValue: null });
        expect(checkpoints(nango)).toEqual([
            { ...EMPTY, settings_hash: HASH_HISTORY, cursor_ts: '2026-11-21T09:00:00.000Z', cursor_id: H3 },
            { ...EMPTY, settings_hash: HASH_HISTORY, cursor_ts: '2026-11-21T09:00:00.000Z', cursor_id: H3, initial_load_done: true, reconciled_at: NOW }
        ]);

        // the next run continues on CreatedDate
        const next = syncMock('records-by-soql', MODEL);
        next.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, soqlQuery: 'SELECT AccountId, Field, OldValue, NewValue FROM AccountHistory' });
        const done = checkpoints(nango).at(-1);
        await next.saveCheckpoint(done);
        await runSync(sync, next);
        expect(sent(next)[2]?.q).toBe(
            `SELECT Id, CreatedDate, AccountId, Field, OldValue, NewValue, IsDeleted FROM AccountHistory WHERE ((CreatedDate > 2026-11-21T09:00:00.000Z) OR ((CreatedDate = 2026-11-21T09:00:00.000Z) AND (Id > '${H3}'))) AND (CreatedDate <= 2026-11-22T12:00:00.000Z) ORDER BY CreatedDate ASC, Id ASC`
        );
        expect(next.batchSave).not.toHaveBeenCalled();
        expect(checkpoints(next)).toEqual([done]);
    });

    it('a soqlQuery with ORDER BY is refused before any request', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, soqlQuery: `${SOQL} ORDER BY Name` });
        const error = await failureOf(runSync(sync, nango));

        expect(error).toBeInstanceOf(Error);
        expect(error.message).toContain('Invalid sync configuration');
        expect(error.message).toContain('ORDER BY');
        expect(nango.proxy).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });

    it('a missing soqlQuery is refused before any request', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0 });
        const error = await failureOf(runSync(sync, nango));

        expect(error.message).toContain('metadata.soqlQuery');
        expect(nango.proxy).not.toHaveBeenCalled();
    });
});
