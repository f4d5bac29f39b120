import { describe, expect, it } from 'vitest';

import sync from '../syncs/campaigns.js';
import { NOW, UPDATED_WINDOW, answer, changeDescribe, fixture, checkpoints, deleted, describePath, failureOf, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const sObject = 'Campaign';
const MODEL = 'SalesforceCampaign';
const SELECT =
    'SELECT Id, SystemModstamp, Name, Type, Status, StartDate, EndDate, IsActive, Description, BudgetedCost, ExpectedRevenue, ActualCost, ExpectedResponse, NumberSent, ParentId, NumberOfLeads, NumberOfConvertedLeads, NumberOfContacts, NumberOfResponses, NumberOfOpportunities, NumberOfWonOpportunities, AmountAllOpportunities, AmountWonOpportunities, OwnerId, Owner.Name, CreatedDate, LastModifiedDate';
const FIRST_SOQL = `${SELECT}, IsDeleted FROM Campaign WHERE (IsDeleted = false) AND (SystemModstamp <= ${NOW}) ORDER BY SystemModstamp ASC, Id ASC`;
const NOT_FOUND = { status: 404, data: [{ message: "The requested resource does not exist", errorCode: 'NOT_FOUND' }] };

describe('salesforce campaigns sync', () => {
    useFrozenClock();

    it('first run: describes Campaign, reads live campaigns through queryAll, saves them typed (costs and counts numbers, dates YYYY-MM-DD), checkpoints', async () => {
        const nango = syncMock('campaigns', MODEL);
        await runSync(sync, nango);
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(saved(nango, MODEL)).toHaveLength(3);
        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Campaign'), updatedPath('Campaign'), '/services/data/v66.0/queryAll']);
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        // no CurrencyIsoCode: single-currency org, no warning
        expect(requests[2]?.q).toBe(FIRST_SOQL);
        expect(warnings(nango)).toEqual([]);
        const first = saved(nango, MODEL)[0];
        expect(first).toMatchObject({ id: expect.stringMatching(/^701/), currency_iso_code: null, custom_fields: {} });
        expect(typeof first.number_of_leads).toBe('number');
        expect(first.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(checkpoints(nango).at(-1)).toMatchObject({ initial_load_done: true, reconciled_at: NOW });
        expect(nango.batchDelete).not.toHaveBeenCalled();
    });

    it('incremental run: keyset condition after the checkpoint, the changed campaign saved, the deleted one removed', async () => {
        const firstRun = syncMock('campaigns', MODEL);
        await runSync(sync, firstRun);
        const start = checkpoints(firstRun).at(-1);
        const nango = syncMock('campaigns', MODEL);
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);
        const q = sent(nango)[2]?.q ?? '';
        expect(q).toContain(`((SystemModstamp > ${start.cursor_ts}) OR ((SystemModstamp = ${start.cursor_ts}) AND (Id > '${start.cursor_id}')))`);
        expect(q).not.toContain('IsDeleted = false');
        const changed = saved(nango, MODEL);
        expect(changed).toHaveLength(1);
        expect(changed[0]).toMatchObject({ status: 'Completed', actual_cost: 1234, system_modstamp: NOW });
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toHaveLength(1);
        expect(checkpoints(nango).at(-1)).toMatchObject({ cursor_ts: NOW });
    });

    it('fields the connected user cannot read are left out of the SELECT, null in the records, with one warning naming them', async () => {
        const nango = syncMock('campaigns', MODEL);
        const hidden = ['NumberOfResponses', 'ActualCost'];
        changeDescribe(nango, sObject, { hide: hidden });
        // the org answers the narrower SELECT with the fixture's rows less the hidden fields
        const rows = fixture('campaigns').api.get['services/data/v66.0/queryAll'][0].response;
        answer(nango, '/services/data/v66.0/queryAll', async (config) => {
            expect(config['params'].q).not.toMatch(new RegExp(hidden.join('|')));
            return { status: 200, data: { ...rows, records: rows.records.map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !hidden.includes(k)))) } };
        });
        await runSync(sync, nango);
        expect(warnings(nango)).toHaveLength(1);
        for (const field of hidden) expect(warnings(nango)[0]).toContain(field);
        expect(saved(nango, MODEL)).toHaveLength(rows.records.length);
        for (const record of saved(nango, MODEL)) for (const key of ['number_of_responses', 'actual_cost']) expect(record[key]).toBeNull();
    });

    it('an org without campaigns (describe 404 NOT_FOUND) fails the run before any query and saves nothing', async () => {
        const nango = syncMock('campaigns', MODEL);
        changeDescribe(nango, 'Campaign', { answer: NOT_FOUND });
        const error = await failureOf(runSync(sync, nango));
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toContain('Campaign');
        expect(sent(nango).filter((r) => r.endpoint.includes('/query'))).toEqual([]);
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });
});
