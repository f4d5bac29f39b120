import { describe, expect, it } from 'vitest';

import sync from '../syncs/accounts.js';
import { EMPTY, NOW, checkpoints, deleted, failureOf, runSync, saved, sent, syncMock, useFrozenClock } from './sync-helpers.js';

const MODEL = 'SalesforceAccount';
const A1 = '001RO00000LxAa1YAF';
const A2 = '001RO00000LxAb2YAF';
const A3 = '001RO00000LxAc3YAF';
const SELECT =
    'SELECT Id, SystemModstamp, Name, Type, Industry, Website, Phone, Description, AnnualRevenue, NumberOfEmployees, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry, ShippingStreet, ShippingCity, ShippingState, ShippingPostalCode, ShippingCountry, ParentId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate';
const BATCH_HEADER = { 'Sforce-Query-Options': 'batchSize=200' };

describe('salesforce accounts sync', () => {
    useFrozenClock();

    it('first run: reads live accounts through queryAll in two pages, saves them mapped and checkpoints after each page', async () => {
        const nango = syncMock('accounts', MODEL);
        await runSync(sync, nango);

        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchSave).toHaveBeenCalledTimes(2);
        expect(nango.batchDelete).not.toHaveBeenCalled();

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual(['/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[0]?.q).toBe(`${SELECT}, IsDeleted FROM Account WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);
        // metadata.batchSize travels on every page, the locator page included
        expect(requests.map((r) => r.headers)).toEqual([BATCH_HEADER, BATCH_HEADER]);

        expect(checkpoints(nango)).toEqual([
            { ...EMPTY, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: A2 },
            { ...EMPTY, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3 },
            { ...EMPTY, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: keyset condition after the checkpoint, updated accounts saved, deleted ones removed by id', async () => {
        const nango = syncMock('accounts', MODEL);
        const start = { ...EMPTY, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests).toHaveLength(1);
        expect(requests[0]?.endpoint).toBe('/services/data/v66.0/queryAll');
        expect(requests[0]?.q).toBe(
            `${SELECT}, IsDeleted FROM Account WHERE ((SystemModstamp > 2026-11-21T09:30:00.000Z) OR ((SystemModstamp = 2026-11-21T09:30:00.000Z) AND (Id > '${A3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        expect(requests[0]?.q).not.toContain('IsDeleted = false');

        const first = ((await nango.getBatchSaveData(MODEL)) as any[])[1];
        expect(saved(nango, MODEL)).toEqual([{ ...first, number_of_employees: 40, last_modified_date: '2026-11-22T10:00:00.000Z', system_modstamp: '2026-11-22T10:00:00.000Z' }]);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: A1 }]);

        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T11:00:00.000Z', cursor_id: A1 }]);
    });

    it('an extra field Salesforce does not know fails the run with an Error naming metadata.extraFields.Account', async () => {
        const nango = syncMock('accounts', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, batchSize: 200, extraFields: { Account: ['Region__c'] } });
        const error = await failureOf(runSync(sync, nango));

        expect(error).toBeInstanceOf(Error);
        expect(error.message).toContain("No such column 'Region__c' on entity 'Account'");
        expect(error.message).toContain('metadata.extraFields.Account (Region__c)');
        expect(error.payload).toMatchObject({ errorCode: 'INVALID_FIELD', status: 400 });
        expect(sent(nango)[0]?.q).toBe(`${SELECT}, Region__c, IsDeleted FROM Account WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });
});
