import { describe, expect, it } from 'vitest';

import sync from '../syncs/opportunities.js';
import { EMPTY, NOW, checkpoints, deleted, failureOf, runSync, saved, sent, syncMock, useFrozenClock } from './sync-helpers.js';

const MODEL = 'SalesforceOpportunity';
const O1 = '006RO00000OpZa1YAF';
const O2 = '006RO00000OpZb2YAF';
const O3 = '006RO00000OpZc3YAF';
const SELECT =
    'SELECT Id, SystemModstamp, Name, Amount, StageName, CloseDate, Probability, ForecastCategoryName, IsClosed, IsWon, Type, LeadSource, NextStep, Description, AccountId, Account.Name, OwnerId, Owner.Name, CreatedDate, LastModifiedDate';

describe('salesforce opportunities sync', () => {
    useFrozenClock();

    it('first run: extra fields of metadata.extraFields.Opportunity selected and delivered in custom_fields, two pages, typed values', async () => {
        const nango = syncMock('opportunities', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual(['/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        // only the Opportunity entry of extraFields is used (the Account one is not)
        expect(requests[0]?.q).toBe(
            `${SELECT}, Region__c, Account.Industry, IsDeleted FROM Opportunity WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );

        const records = saved(nango, MODEL);
        expect(records).toEqual(await nango.getBatchSaveData(MODEL));
        expect(records.map((r) => [typeof r.amount, typeof r.probability, typeof r.is_closed])).toEqual([
            ['number', 'number', 'boolean'],
            ['number', 'number', 'boolean'],
            ['object', 'number', 'boolean']
        ]);
        expect(nango.batchDelete).not.toHaveBeenCalled();

        expect(checkpoints(nango)).toEqual([
            { ...EMPTY, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: O2 },
            { ...EMPTY, cursor_ts: '2026-11-21T20:00:00.000Z', cursor_id: O3 },
            { ...EMPTY, cursor_ts: '2026-11-21T20:00:00.000Z', cursor_id: O3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: keyset condition, the deleted deal removed by id, the deal closed as won saved', async () => {
        const nango = syncMock('opportunities', MODEL);
        const start = { ...EMPTY, cursor_ts: '2026-11-21T20:00:00.000Z', cursor_id: O3, initial_load_done: true, reconciled_at: '2026-11-21T20:05:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const q = sent(nango)[0]?.q;
        expect(sent(nango)).toHaveLength(1);
        expect(q).toContain(`WHERE ((SystemModstamp > 2026-11-21T20:00:00.000Z) OR ((SystemModstamp = 2026-11-21T20:00:00.000Z) AND (Id > '${O3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY`);
        expect(q).not.toContain('IsDeleted = false');

        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: O2 }]);
        const before = ((await nango.getBatchSaveData(MODEL)) as any[])[0];
        expect(saved(nango, MODEL)).toEqual([
            {
                ...before,
                stage_name: 'Closed Won',
                probability: 100,
                forecast_category: 'Closed',
                is_closed: true,
                is_won: true,
                last_modified_date: '2026-11-22T08:30:00.000Z',
                system_modstamp: '2026-11-22T08:30:00.000Z'
            }
        ]);
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T08:30:00.000Z', cursor_id: O1 }]);
    });

    it('a misspelt extra field fails the run with an Error naming metadata.extraFields.Opportunity', async () => {
        const nango = syncMock('opportunities', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, extraFields: { opportunity: ['Regoin__c'] } });
        const error = await failureOf(runSync(sync, nango));

        expect(sent(nango)).toHaveLength(1);
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toContain("No such column 'Regoin__c'");
        expect(error.message).toContain('metadata.extraFields.Opportunity (Regoin__c)');
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });
});
