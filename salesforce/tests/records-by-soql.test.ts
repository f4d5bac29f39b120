import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import sync from '../syncs/records-by-soql.js';
import { EMPTY, NOW, checkpoints, deleted, failureOf, logged, runSync, saved, sent, syncMock, useFrozenClock } from './sync-helpers.js';

const MODEL = 'SalesforceSoqlRecord';
const I1 = 'a0BRO00000InVa12AF';
const I2 = 'a0BRO00000InVb22AF';
const I3 = 'a0BRO00000InVc32AF';
const SOQL = "SELECT Name, Amount__c, Account__r.Name FROM Invoice__c WHERE Status__c = 'Open' OR Amount__c > 1000";
const HASH = createHash('sha256').update(SOQL).digest('hex').slice(0, 32);
const FIRST_SOQL =
    "SELECT Id, SystemModstamp, Name, Amount__c, Account__r.Name, IsDeleted FROM Invoice__c WHERE (((Status__c = 'Open' OR Amount__c > 1000)) AND (IsDeleted = false)) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC";

describe('salesforce records-by-soql sync', () => {
    useFrozenClock();

    it("first run: one WHERE with the owner's OR condition parenthesised, Id and SystemModstamp added, keyset order; rows saved as returned", async () => {
        const nango = syncMock('records-by-soql', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual(['/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        const q = requests[0]?.q ?? '';
        expect(q).toBe(FIRST_SOQL);
        expect(q.match(/\bWHERE\b/g)).toHaveLength(1);
        expect(q.endsWith('ORDER BY SystemModstamp ASC, Id ASC')).toBe(true);

        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchDelete).not.toHaveBeenCalled();
        const base = { ...EMPTY, query_hash: HASH };
        expect(checkpoints(nango)).toEqual([
            { ...base, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: I2 },
            { ...base, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3 },
            { ...base, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: keyset condition after the owner condition, deleted rows removed by id only, no IsDeleted in saved fields', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        const start = { ...EMPTY, query_hash: HASH, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        expect(sent(nango)).toHaveLength(1);
        expect(sent(nango)[0]?.q).toBe(
            `SELECT Id, SystemModstamp, Name, Amount__c, Account__r.Name, IsDeleted FROM Invoice__c WHERE ((Status__c = 'Open' OR Amount__c > 1000)) AND ((SystemModstamp > 2026-11-21T11:11:11.000Z) OR ((SystemModstamp = 2026-11-21T11:11:11.000Z) AND (Id > '${I3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        expect(saved(nango, MODEL)).toEqual([
            {
                id: I2,
                sobject_type: 'Invoice__c',
                system_modstamp: '2026-11-22T10:00:00.000Z',
                fields: { Id: I2, SystemModstamp: '2026-11-22T10:00:00.000+0000', Name: 'INV-0002', Amount__c: 2000, Account__r: { Name: 'Acme Corporation' } }
            }
        ]);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: I1 }]);
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T10:30:00.000Z', cursor_id: I1 }]);
    });

    it('a changed soqlQuery starts over from the first record, with a warning', async () => {
        const nango = syncMock('records-by-soql', MODEL);
        await nango.saveCheckpoint({ ...EMPTY, query_hash: 'f'.repeat(32), cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' });
        await runSync(sync, nango);

        expect(sent(nango)[0]?.q).toBe(FIRST_SOQL);
        expect(logged(nango)).toContain('metadata.soqlQuery changed since the last run: starting over from the first record.');
        expect(saved(nango, MODEL)).toHaveLength(3);
        expect(checkpoints(nango).at(-1)).toEqual({ ...EMPTY, query_hash: HASH, cursor_ts: '2026-11-21T11:11:11.000Z', cursor_id: I3, initial_load_done: true, reconciled_at: NOW });
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
