import { describe, expect, it } from 'vitest';

import { hiddenFieldsWarning } from '../lib/metadata/fields.js';
import sync from '../syncs/records-by-soql.js';
import { EMPTY, NOW, UPDATED_WINDOW, answer, checkpoints, deleted, describePath, failureOf, holds, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceSoqlRecord';
const I1 = 'a0BRO00000InVa12AF';
const I2 = 'a0BRO00000InVb22AF';
const I3 = 'a0BRO00000InVc32AF';
/** An invoice that was Open and is now Paid and small: it no longer matches the query, and no query shows that. */
const I4 = 'a0BRO00000InVd42AF';
/** An open invoice changed at 12:00:30, after the run's upper bound: the re-read does not read it, the id read does. */
const I5 = 'a0BRO00000InVe52AF';
const SOQL = "SELECT Name, Amount__c, Account__r.Name FROM Invoice__c WHERE Status__c = 'Open' OR Amount__c > 1000";
const U1 = '005RO00000UsRa1YAF';
const U3 = '005RO00000UsRc3YAF';
const A1 = '001RO00000LxAa1YAF';
const H1 = '017RO00000AhSa1YAF';
const H2 = '017RO00000AhSb2YAF';
const H3 = '017RO00000AhSc3YAF';
/** A change of a date-time field: OldValue and NewValue (anyType) hold date-times. */
const H4 = '017RO00000AhSd4YAF';
/** Settings signatures read from runs: of the fixture's soqlQuery, of the User query and of the AccountHistory query. */
const HASH = '24b0e6064a5cd8318b540d722bea5adc';
const HASH_USER = '04e45126ef10c0e8135717b9a0f8b13c';
const HASH_HISTORY = 'ddc6bf80c75a35705d7f0b2a831dcc27';
const BASE = { ...EMPTY, settings_hash: HASH };
/** A first load from its first checkpoint on: reconciled_at is the upper bound of the run it started in. */
const LOADING = { ...BASE, reconciled_at: NOW };
const ID_QUERY = '/services/data/v66.0/query';
/** The id-only read of the fixture's soqlQuery: its WHERE, up to a day past the clock, live rows only. */
const ID_SOQL = "SELECT Id, SystemModstamp FROM Invoice__c WHERE ((Status__c = 'Open' OR Amount__c > 1000)) AND (SystemModstamp <= 2026-11-23T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC";
/** A row of an id read. */
const idRow = (id: string, ts: string) => ({ attributes: { type: 'Invoice__c', url: `/services/data/v66.0/sobjects/Invoice__c/${id}` }, Id: id, SystemModstamp: ts });
/** What the id read answers after the re-read: the three rows it saved, and I5, changed after its upper bound. */
const IDS_AFTER_REREAD = [
    idRow(I1, '2026-11-20T08:15:00.000+0000'),
    idRow(I2, '2026-11-20T08:15:00.000+0000'),
    idRow(I3, '2026-11-21T11:11:11.000+0000'),
    idRow(I5, '2026-11-22T12:00:30.000+0000')
];
/** The checkpoint of a run of another soqlQuery, well into incremental runs. */
const OLD_QUERY = { ...EMPTY, settings_hash: 'f'.repeat(32), cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
const REREAD_WARNING =
    'SalesforceSoqlRecord: what the sync selects changed since the last run (fields the user can read, extra fields, query or record format); re-reading every record, and removing those that no longer match at the end.';
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
        expect(nango.listRecords).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([
            { ...LOADING, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: I2 },
            { ...LOADING, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3 },
            { ...LOADING, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true }
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

    it('a changed soqlQuery re-reads every row from the first one, then compares ids: the row of the old query is removed, the row changed after the upper bound kept', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        // Nango holds the old query's rows: I4 (Paid and small, no longer matching) and I5 (changed at 12:00:30)
        const listed = holds(nango, [I1, I2, I3, I4, I5]);
        answer(nango, ID_QUERY, { status: 200, data: { totalSize: 4, done: true, records: IDS_AFTER_REREAD }, headers: { 'sforce-limit-info': 'api-usage=19/15000' } });
        await nango.saveCheckpoint(OLD_QUERY);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Invoice__c'), updatedPath('Invoice__c'), '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2', ID_QUERY]);
        expect(requests[2]?.q).toBe(FIRST_SOQL);
        // the ids of the rows the new query matches, up to a day past the clock: I5 among them
        expect(requests[4]?.q).toBe(ID_SOQL);
        expect(requests[4]?.headers).toEqual({ 'Sforce-Query-Options': 'batchSize=2000' });
        expect(warnings(nango)).toEqual([REREAD_WARNING]);
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(saved(nango, MODEL).map((r) => r.id)).not.toContain(I5);
        // only I4 goes (a trackDeletes window would have removed I5 too: the re-read never saved it); after the listing
        expect(nango.batchDelete.mock.calls).toEqual([[[{ id: I4 }], MODEL]]);
        expect(nango.batchDelete.mock.invocationCallOrder[0]).toBeGreaterThan(listed.mock.invocationCallOrder[0] ?? Infinity);
        expect(nango.trackDeletesStart).not.toHaveBeenCalled();
        expect(nango.trackDeletesEnd).not.toHaveBeenCalled();
        expect(logged(nango)).toContain('SalesforceSoqlRecord: re-read done; 1 records that no longer match were removed (comparing 4 ids with the records Nango holds).');

        const reread = { ...LOADING, reread_active: true };
        const loaded = { ...reread, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true };
        expect(checkpoints(nango)).toEqual([
            OLD_QUERY,
            { ...reread, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: I2 },
            { ...reread, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3 },
            loaded,
            { ...loaded, reread_active: false }
        ]);
    });

    it('a re-read whose id read the API quota stops keeps reread_active: nothing is removed, and the next run compares the ids after its incremental pass', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        holds(nango, [I1, I2, I3, I4]);
        // the org passes 80% of its daily requests (the default quotaThresholdPercent) during the id read
        answer(nango, ID_QUERY, { status: 200, data: { totalSize: 4, done: true, records: IDS_AFTER_REREAD }, headers: { 'sforce-limit-info': 'api-usage=12100/15000' } });
        await nango.saveCheckpoint(OLD_QUERY);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint).at(-1)).toBe(ID_QUERY);
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.listRecords).not.toHaveBeenCalled();
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(warnings(nango)).toEqual([
            REREAD_WARNING,
            'SalesforceSoqlRecord: stopping early: the org has used 12100 of 15000 (80.7%) of its daily API requests, past the 80% threshold (metadata.quotaThresholdPercent). Saved 3, deleted 0; the next run continues from here.'
        ]);
        // loaded, the comparison owed to the next run
        const owed = { ...LOADING, reread_active: true, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true };
        expect(checkpoints(nango).at(-1)).toEqual(owed);

        // the next run: no re-read again (same signature), the incremental pass (I2 changed, I1 deleted), then the ids
        const next = syncMock('records-by-soql', MODEL);
        // Nango lists I1 as deleted now (this run's main pass deletes it again before the listing)
        const listed = holds(next, [{ id: I1, deletedAt: '2026-11-22T12:00:05.000Z' }, I2, I3, I4]);
        await next.saveCheckpoint(owed);
        await runSync(sync, next);

        const requests = sent(next);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Invoice__c'), updatedPath('Invoice__c'), '/services/data/v66.0/queryAll', ID_QUERY]);
        expect(requests[2]?.q).toContain(`AND ((SystemModstamp > 2026-11-21T11:11:11.000Z) OR ((SystemModstamp = 2026-11-21T11:11:11.000Z) AND (Id > '${I3}')))`);
        expect(requests[3]?.q).toBe(ID_SOQL);
        expect(warnings(next)).toEqual([]);
        // the main pass deletes I1; the comparison (ids I3, I2) removes I4 only, not the already-deleted I1
        expect(next.batchDelete.mock.calls).toEqual([
            [[{ id: I1 }], MODEL],
            [[{ id: I4 }], MODEL]
        ]);
        expect(next.batchDelete.mock.invocationCallOrder[1]).toBeGreaterThan(listed.mock.invocationCallOrder[0] ?? Infinity);
        const afterMain = { ...owed, cursor_ts: '2026-11-22T10:30:00.000Z', cursor_id: I1 };
        expect(checkpoints(next)).toEqual([owed, afterMain, { ...afterMain, reread_active: false }]);
    });

    it('a parent the user may not describe (404) makes its field hidden: one warning, the rest synced; a parent describe failing otherwise (503) fails the run before any query', async () => {
        const metadata = { lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, soqlQuery: "SELECT Name, Amount__c, Account__r.Name, Account__r.Industry FROM Invoice__c WHERE Status__c = 'Open' OR Amount__c > 1000" };
        const nango = syncMock('records-by-soql', MODEL);
        nango.getMetadata.mockResolvedValue(metadata);
        // Account__r.Industry is no Name or Id: whether the user may read it takes the Account describe
        answer(nango, describePath('Account'), { status: 404, data: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }] });
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([describePath('Invoice__c'), describePath('Account'), updatedPath('Invoice__c'), '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(sent(nango)[3]?.q).toBe(FIRST_SOQL);
        expect(warnings(nango)).toEqual([hiddenFieldsWarning(MODEL, 'Invoice__c', ['Account__r.Industry'])]);
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        // the SELECT is the fixture query's: so is the signature
        expect(checkpoints(nango).at(-1)).toEqual({ ...LOADING, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true });

        // Salesforce down for maintenance: not a field-level security change (which would re-read every record)
        const down = syncMock('records-by-soql', MODEL);
        down.getMetadata.mockResolvedValue(metadata);
        answer(down, describePath('Account'), { status: 503, data: [{ message: 'Service temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }] });
        const start = { ...BASE, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await down.saveCheckpoint(start);
        const error = await failureOf(runSync(sync, down));

        expect(sent(down).map((r) => r.endpoint)).toEqual([describePath('Invoice__c'), describePath('Account')]);
        expect(error).toBeInstanceOf(Error);
        expect(error.payload).toMatchObject({ status: 503, errorCode: 'SERVER_UNAVAILABLE' });
        expect(error.message).toContain('SERVER_UNAVAILABLE');
        expect(warnings(down)).toEqual([]);
        expect(down.batchSave).not.toHaveBeenCalled();
        expect(checkpoints(down)).toEqual([start]);
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
            { ...EMPTY, settings_hash: HASH_USER, cursor_ts: '2026-11-21T10:00:00.000Z', cursor_id: U3, reconciled_at: NOW },
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
            [H3, 'AccountHistory', '2026-11-21T09:00:00.000Z'],
            [H4, 'AccountHistory', '2026-11-21T09:30:00.000Z']
        ]);
        // OldValue and NewValue are anyType: text, as Bulk would give them, whatever JSON type REST sent
        expect(rows[1].fields).toEqual({ Id: H2, CreatedDate: '2026-11-21T09:00:00.000Z', AccountId: A1, Field: 'AnnualRevenue', OldValue: '2000000', NewValue: '2500000' });
        expect(rows[0].fields).toMatchObject({ OldValue: null, NewValue: null });
        expect(rows[2].fields).toMatchObject({ OldValue: 'Retail', NewValue: 'Technology' });
        // date-times in them (REST sends …+0000) in the one form every datetime field has
        expect(rows[3].fields).toEqual({ Id: H4, CreatedDate: '2026-11-21T09:30:00.000Z', AccountId: A1, Field: 'Last_Reviewed__c', OldValue: '2026-11-01T09:00:00.000Z', NewValue: '2026-11-21T09:30:00.000Z' });
        expect(checkpoints(nango)).toEqual([
            { ...EMPTY, settings_hash: HASH_HISTORY, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: H4, reconciled_at: NOW },
            { ...EMPTY, settings_hash: HASH_HISTORY, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: H4, initial_load_done: true, reconciled_at: NOW }
        ]);

        // the next run continues on CreatedDate
        const next = syncMock('records-by-soql', MODEL);
        next.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, soqlQuery: 'SELECT AccountId, Field, OldValue, NewValue FROM AccountHistory' });
        const done = checkpoints(nango).at(-1);
        await next.saveCheckpoint(done);
        await runSync(sync, next);
        expect(sent(next)[2]?.q).toBe(
            `SELECT Id, CreatedDate, AccountId, Field, OldValue, NewValue, IsDeleted FROM AccountHistory WHERE ((CreatedDate > 2026-11-21T09:30:00.000Z) OR ((CreatedDate = 2026-11-21T09:30:00.000Z) AND (Id > '${H4}'))) AND (CreatedDate <= 2026-11-22T12:00:00.000Z) ORDER BY CreatedDate ASC, Id ASC`
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
