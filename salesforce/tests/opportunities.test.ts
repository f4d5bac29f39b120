import { describe, expect, it } from 'vitest';

import sync from '../syncs/opportunities.js';
import { EMPTY, NOW, UPDATED_WINDOW, checkpoints, deleted, describePath, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceOpportunity';
const O1 = '006RO00000OpZa1YAF';
const O2 = '006RO00000OpZb2YAF';
const O3 = '006RO00000OpZc3YAF';
const SELECT =
    'SELECT Id, SystemModstamp, Name, Amount, StageName, CloseDate, Probability, ForecastCategoryName, IsClosed, IsWon, Type, LeadSource, NextStep, Description, AccountId, Account.Name, OwnerId, Owner.Name, CreatedDate, LastModifiedDate';
/** Settings signatures read from runs: with the fixture's extra fields, and with only the misspelt one. */
const HASH = 'e07eb8379c056ef7a83f59bda374990c';
const HASH_MISSPELT = '8a593c6e73f2b8488342f9186717e82a';
const BASE = { ...EMPTY, settings_hash: HASH };

describe('salesforce opportunities sync', () => {
    useFrozenClock();

    it('first run in a multi-currency org: CurrencyIsoCode and the extra fields of metadata.extraFields.Opportunity selected, two pages, typed values', async () => {
        const nango = syncMock('opportunities', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        // Account.Industry is not a Name or Id: the Account describe says whether the user can read it; getUpdated
        // (of Opportunity only) comes after every describe
        expect(requests.map((r) => r.endpoint)).toEqual([
            describePath('Opportunity'),
            describePath('Account'),
            updatedPath('Opportunity'),
            '/services/data/v66.0/queryAll',
            '/services/data/v66.0/query/01gRO0000016PIAYA2-2'
        ]);
        expect(requests[2]?.params).toEqual(UPDATED_WINDOW);
        // only the Opportunity entry of extraFields is used (the Account one is not)
        expect(requests[3]?.q).toBe(
            `${SELECT}, CurrencyIsoCode, Expected_Revenue_Formula__c, Account.Industry, IsDeleted FROM Opportunity WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        expect(warnings(nango)).toEqual([]);

        const records = saved(nango, MODEL);
        expect(records).toEqual(await nango.getBatchSaveData(MODEL));
        expect(records.map((r) => [typeof r.amount, typeof r.probability, typeof r.is_closed])).toEqual([
            ['number', 'number', 'boolean'],
            ['number', 'number', 'boolean'],
            ['object', 'number', 'boolean']
        ]);
        expect(records.map((r) => r.currency_iso_code)).toEqual(['EUR', 'USD', 'GBP']);
        // an extra field's value typed from describe (currency: a number), a path through an empty lookup null
        expect(records.map((r) => r.custom_fields)).toEqual([
            { Expected_Revenue_Formula__c: 43200, 'Account.Industry': 'Technology' },
            { Expected_Revenue_Formula__c: 0, 'Account.Industry': 'Technology' },
            { Expected_Revenue_Formula__c: null, 'Account.Industry': null }
        ]);
        expect(nango.batchDelete).not.toHaveBeenCalled();

        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: O2, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T20:00:00.000Z', cursor_id: O3, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T20:00:00.000Z', cursor_id: O3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: keyset condition, the deleted deal removed by id, the deal closed as won saved', async () => {
        const nango = syncMock('opportunities', MODEL);
        const start = { ...BASE, cursor_ts: '2026-11-21T20:00:00.000Z', cursor_id: O3, initial_load_done: true, reconciled_at: '2026-11-21T20:05:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const q = sent(nango)[3]?.q;
        expect(sent(nango).map((r) => r.endpoint)).toEqual([describePath('Opportunity'), describePath('Account'), updatedPath('Opportunity'), '/services/data/v66.0/queryAll']);
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
                system_modstamp: '2026-11-22T08:30:00.000Z',
                custom_fields: { Expected_Revenue_Formula__c: 48000, 'Account.Industry': 'Technology' }
            }
        ]);
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T08:30:00.000Z', cursor_id: O1 }]);
    });

    it('a misspelt extra field: the run completes without it, null in custom_fields, one warning naming Opportunity.Regoin__c', async () => {
        const nango = syncMock('opportunities', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, extraFields: { opportunity: ['Regoin__c'] } });
        await runSync(sync, nango);

        // no Account describe: no extra field reaches the Account
        expect(sent(nango).map((r) => r.endpoint)).toEqual([describePath('Opportunity'), updatedPath('Opportunity'), '/services/data/v66.0/queryAll']);
        expect(sent(nango)[2]?.q).toBe(`${SELECT}, CurrencyIsoCode, IsDeleted FROM Opportunity WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);
        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((o) => ({ ...o, custom_fields: { Regoin__c: null } }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(warnings(nango)).toHaveLength(1);
        expect(warnings(nango)[0]).toContain('SalesforceOpportunity: the connected user cannot read Opportunity.Regoin__c (field-level security, or no such field)');
        expect(checkpoints(nango).at(-1)).toEqual({ ...EMPTY, settings_hash: HASH_MISSPELT, cursor_ts: '2026-11-21T20:00:00.000Z', cursor_id: O3, initial_load_done: true, reconciled_at: NOW });
    });
});
