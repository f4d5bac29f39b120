import { describe, expect, it } from 'vitest';

import sync from '../syncs/campaign-members.js';
import { NOW, UPDATED_WINDOW, answer, changeDescribe, fixture, checkpoints, deleted, describePath, failureOf, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const sObject = 'CampaignMember';
const MODEL = 'SalesforceCampaignMember';
const SELECT =
    'SELECT Id, SystemModstamp, CampaignId, Campaign.Name, Type, LeadId, ContactId, LeadOrContactId, Status, HasResponded, FirstRespondedDate, FirstName, LastName, Name, Email, Title, Phone, CompanyOrAccount, CreatedDate, LastModifiedDate';
const FIRST_SOQL = `${SELECT}, IsDeleted FROM CampaignMember WHERE (IsDeleted = false) AND (SystemModstamp <= ${NOW}) ORDER BY SystemModstamp ASC, Id ASC`;
const NOT_FOUND = { status: 404, data: [{ message: "The requested resource does not exist", errorCode: 'NOT_FOUND' }] };

describe('salesforce campaign-members sync', () => {
    useFrozenClock();

    it('first run: describes CampaignMember, reads live members through queryAll, saves them typed (lead or contact, status, responded), checkpoints', async () => {
        const nango = syncMock('campaign-members', MODEL);
        await runSync(sync, nango);
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(saved(nango, MODEL)).toHaveLength(5);
        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('CampaignMember'), updatedPath('CampaignMember'), '/services/data/v66.0/queryAll']);
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        expect(requests[2]?.q).toBe(FIRST_SOQL);
        expect(warnings(nango)).toEqual([]);
        const first = saved(nango, MODEL)[0];
        expect(first).toMatchObject({ id: expect.stringMatching(/^00v/), campaign_id: expect.stringMatching(/^701/), custom_fields: {} });
        for (const m of saved(nango, MODEL)) {
            // exactly one of lead_id / contact_id, matching type and lead_or_contact_id
            expect(m.type === 'Lead' ? [m.lead_id, m.contact_id] : [m.contact_id, m.lead_id]).toEqual([m.lead_or_contact_id, null]);
            expect(typeof m.has_responded).toBe('boolean');
        }
        expect(checkpoints(nango).at(-1)).toMatchObject({ initial_load_done: true, reconciled_at: NOW });
        expect(nango.batchDelete).not.toHaveBeenCalled();
    });

    it('incremental run: keyset condition after the checkpoint, the member whose status changed saved, the removed one deleted', async () => {
        const firstRun = syncMock('campaign-members', MODEL);
        await runSync(sync, firstRun);
        const start = checkpoints(firstRun).at(-1);
        const nango = syncMock('campaign-members', MODEL);
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);
        const q = sent(nango)[2]?.q ?? '';
        expect(q).toContain(`((SystemModstamp > ${start.cursor_ts}) OR ((SystemModstamp = ${start.cursor_ts}) AND (Id > '${start.cursor_id}')))`);
        expect(q).not.toContain('IsDeleted = false');
        const changed = saved(nango, MODEL);
        expect(changed).toHaveLength(1);
        expect(changed[0]).toMatchObject({ status: 'Responded', has_responded: true, system_modstamp: NOW });
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toHaveLength(1);
        expect(checkpoints(nango).at(-1)).toMatchObject({ cursor_ts: NOW });
    });

    it('fields the connected user cannot read are left out of the SELECT, null in the records, with one warning naming them', async () => {
        const nango = syncMock('campaign-members', MODEL);
        const hidden = ['Email', 'Phone'];
        changeDescribe(nango, sObject, { hide: hidden });
        // the org answers the narrower SELECT with the fixture's rows less the hidden fields
        const rows = fixture('campaign-members').api.get['services/data/v66.0/queryAll'][0].response;
        answer(nango, '/services/data/v66.0/queryAll', async (config) => {
            expect(config['params'].q).not.toMatch(new RegExp(hidden.join('|')));
            return { status: 200, data: { ...rows, records: rows.records.map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !hidden.includes(k)))) } };
        });
        await runSync(sync, nango);
        expect(warnings(nango)).toHaveLength(1);
        for (const field of hidden) expect(warnings(nango)[0]).toContain(field);
        expect(saved(nango, MODEL)).toHaveLength(rows.records.length);
        for (const record of saved(nango, MODEL)) for (const key of ['email', 'phone']) expect(record[key]).toBeNull();
    });

    it('an org without campaigns (CampaignMember describe 404 NOT_FOUND) fails the run before any query and saves nothing', async () => {
        const nango = syncMock('campaign-members', MODEL);
        changeDescribe(nango, 'CampaignMember', { answer: NOT_FOUND });
        const error = await failureOf(runSync(sync, nango));
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toContain('CampaignMember');
        expect(sent(nango).filter((r) => r.endpoint.includes('/query'))).toEqual([]);
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });
});
